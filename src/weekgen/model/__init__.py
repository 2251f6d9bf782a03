"""The campaign as data: editions, days, activities, pages, the site and its addresses.

Frozen dataclasses and pure functions: nothing here reads a file, writes one, keeps a
cache or reads the clock (`today` is always a parameter).
"""
