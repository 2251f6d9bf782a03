"""What makes builds fast and is not the site: the cache, up-to-date checks, workers.
"""
