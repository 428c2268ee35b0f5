"""Create the demo admin user for `make run` if it does not exist yet (never in production)."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

DEMO_USERNAME = "admin"
DEMO_PASSWORD = "changeme-demo"  # noqa: S105 - a published demo login for the local site only


class Command(BaseCommand):
    help = "Create the local demo admin user (admin / changeme-demo). Refuses to run with DEBUG off."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("The demo admin is for local development only (DEBUG is off).")
        User = get_user_model()
        if User.objects.filter(username=DEMO_USERNAME).exists():
            self.stdout.write(f"Admin user '{DEMO_USERNAME}' already exists.")
            return
        User.objects.create_superuser(DEMO_USERNAME, "admin@example.org", DEMO_PASSWORD)
        self.stdout.write(f"Created admin user '{DEMO_USERNAME}' with password '{DEMO_PASSWORD}'.")
