"""The demo admin user of `make run` (`manage.py ensure_demo_admin`), created if missing; never in production."""

from django.conf import settings
from django.contrib.auth import get_user_model

DEMO_USERNAME = "admin"
DEMO_PASSWORD = "changeme-demo"  # noqa: S105 - a published demo login for the local site only


class NotLocal(Exception):
    """DEBUG is off: this is not the local demo site, and a published login must not be created."""


def ensure_demo_admin():
    """Create the demo admin unless it exists; True if it was created. Raises NotLocal with DEBUG off."""
    if not settings.DEBUG:
        raise NotLocal("The demo admin is for local development only (DEBUG is off).")
    User = get_user_model()
    if User.objects.filter(username=DEMO_USERNAME).exists():
        return False
    User.objects.create_superuser(DEMO_USERNAME, "admin@example.org", DEMO_PASSWORD)
    return True
