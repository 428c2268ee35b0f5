"""The demo campaign, "California International Marathon 2018": a tool to see and test the site, not the site.

- `content`: the words (runners', families' and outlets'), all invented;
- `illustrations`: the pictures, drawn locally with Pillow;
- `campaign`: the pages built from them (`manage.py load_demo_content`);
- `gifts`: offline gifts, so that the figures are not empty (`load_demo_gifts`);
- `grow`: the campaign N times over, for load tests (`grow_demo_campaign`, `make bench`);
- `admin_user`: the local admin login of `make run` (`ensure_demo_admin`).

The management commands in home/management/commands/ only call these.
"""
