"""Share links for a page: plain links, so no third party's script loads and they work without JavaScript."""

from urllib.parse import quote


def share_links(url, text):
    """[(label, address)] for email, Facebook, X and WhatsApp, sharing `url` with `text`."""
    url, text = quote(str(url), safe=""), quote(str(text), safe="")
    return [
        ("Email", f"mailto:?subject={text}&body={url}"),
        ("Facebook", f"https://www.facebook.com/sharer/sharer.php?u={url}"),
        ("X", f"https://x.com/intent/post?url={url}&text={text}"),
        ("WhatsApp", f"https://wa.me/?text={text}%20{url}"),
    ]
