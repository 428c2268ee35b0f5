"""The mile dedications in the admin: their rows, and the miles families asked for, in the event page's
edit form (the place `events` offers through its `event_page_panels` hook)."""

from wagtail import hooks

from .panels import event_page_panels

hooks.register("event_page_panels", event_page_panels)
