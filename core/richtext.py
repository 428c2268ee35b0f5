"""Links to pages in rich text, their addresses read from the cache.

Wagtail's own handler loads every linked page, in its specific type, each time a text is rendered: a
query for the pages and one per page type (the about page's four links cost four queries). Only the
address is shown, and an address changes only with a move or a new slug, a publish or a deletion, all of
which move `content_version()`: the addresses are kept under it.
"""

from django.utils.html import escape
from wagtail.models import Page
from wagtail.rich_text.pages import PageLinkHandler

from .queries import content_version, versioned


class KeptPageLinkHandler(PageLinkHandler):
    @classmethod
    def expand_db_attributes_many(cls, attrs_list):
        ids = [str(attrs.get("id")) for attrs in attrs_list]

        def addresses():
            pages = Page.objects.filter(id__in=[pk for pk in ids if pk.isdigit()]).only("url_path", "path", "depth")
            return {str(page.pk): page.localized.url for page in pages}

        urls = versioned(f"richtext:page-urls:{content_version()}:{','.join(sorted(set(ids)))}", addresses)
        return [f'<a href="{escape(urls[pk])}">' if urls.get(pk) else "<a>" for pk in ids]
