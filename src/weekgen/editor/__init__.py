"""Tools for editors: importing registrations, a new year, the JSON Schemas.
"""
