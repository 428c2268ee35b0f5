"""Families' tributes: one page per baby, shared by the family.

From the top: `pages.py` (the page types, whose routes call the views), `views.py`, `flow.py` (what
happens to a submission), `models.py` (the records behind a tribute), `forms.py`; `guestbook/` holds
readers' messages of support; `signals.py`, `wagtail_hooks.py` and `middleware.py` (410 for a withdrawn
tribute's address) hook the part into Django and Wagtail.
"""
