"""Admin listing columns shared by the page listings of events and stories."""

from wagtail.admin.ui.tables import BooleanColumn, Column, DateColumn
from wagtail.admin.ui.tables.pages import BulkActionsColumn, PageStatusColumn, PageTitleColumn, ParentPageColumn


def page_listing_columns(*extra):
    """Wagtail's own title, parent and status columns around the columns a page type adds."""
    return [
        BulkActionsColumn("bulk_actions"),
        PageTitleColumn("title", label="Title", sort_key="title", classname="title"),
        *extra,
        ParentPageColumn("parent", label="Parent"),
        PageStatusColumn("status", label="Status", sort_key="live", width="12%"),
    ]


__all__ = ["BooleanColumn", "Column", "DateColumn", "page_listing_columns"]
