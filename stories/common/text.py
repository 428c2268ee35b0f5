"""Plain text as the site stores and sends it: what a family or a runner typed becomes paragraph blocks,
a unique slug, or one line for an email subject."""

from django.utils.crypto import get_random_string
from django.utils.html import escape
from django.utils.text import slugify


def story_blocks(text):
    """Plain text to paragraph blocks: each paragraph escaped, single line breaks kept."""
    paragraphs = [p.strip() for p in text.replace("\r\n", "\n").split("\n\n")]
    return [
        ("paragraph", "<p>" + "<br/>".join(escape(line) for line in paragraph.split("\n")) + "</p>")
        for paragraph in paragraphs
        if paragraph
    ]


def unique_slug(name, fallback="tribute"):
    # A random tail keeps unlisted pages unguessable, and names that slugify to nothing (the fallback) valid.
    return f"{slugify(name)[:60] or fallback}-{get_random_string(6).lower()}"


def one_line(text):
    return " ".join(str(text).split())
