"""Runners: their story pages under an event (the event's team), joining a team from the site, signing in
by emailed link, their dashboard (story, goal, gifts and thanks) and the milestones their gifts reach.

`models/` (pages and sign-up records), `forms.py`, `flow.py`, `views.py`, `urls.py` (under /runners/),
`signals.py`, `wagtail_hooks.py`.
"""
