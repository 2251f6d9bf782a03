"""Pages: Markdown to sanitised HTML, and Jinja2 templates with the message catalogues.
"""
