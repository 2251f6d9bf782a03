"""weekgen: a static site generator for the website of an annual campaign week."""

__version__ = "0.1.0"
