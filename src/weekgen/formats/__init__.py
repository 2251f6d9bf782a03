"""What is not a page: calendars, feeds, search-engine data, share links, the search index.
"""
