"""The project on disk: its folders, its source files and loading them into the model.
"""
