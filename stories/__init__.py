"""Stories: what the NEC Society's readers follow besides events, one package per part.

- `tributes/`  families' tributes: the share form, review, the private link, withdrawal, and the guestbook
- `runners/`   runner stories: joining a team, signing in by link, the dashboard, thanks and milestones
- `press/`     press coverage
- `miles/`     the mile dedications an event shows (a baby's tribute, the runner carrying it)
- `common/`    what several parts share

Who may use whom is checked by import-linter (pyproject.toml): miles uses tributes and runners; those and
press use none of each other; all may use common. `models.py`, `wagtail_hooks.py`, `urls.py` and `apps.py`
only load the parts for Django and Wagtail.
"""
