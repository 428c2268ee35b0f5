"""The demo campaign, "California International Marathon 2018": a tool to see and test the site, not the site.

- `content`: the words (runners', families' and outlets'), all invented;
- `illustrations`: the pictures, drawn locally with Pillow.
"""
