"""The dev server: live reload around a plain rebuild, and time travel.
"""
