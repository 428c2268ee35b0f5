"""`manage.py ensure_demo_admin`: the command now lives with the rest of the demo, in home/demo/admin_user.py."""

from home.demo.admin_user import Command  # noqa: F401
