"""`manage.py ensure_demo_admin`: the local demo admin user (home/demo/admin_user.py)."""

from django.core.management.base import BaseCommand, CommandError

from home.demo.admin_user import DEMO_PASSWORD, DEMO_USERNAME, NotLocal, ensure_demo_admin


class Command(BaseCommand):
    help = "Create the local demo admin user (admin / changeme-demo). Refuses to run with DEBUG off."

    def handle(self, *args, **options):
        try:
            created = ensure_demo_admin()
        except NotLocal as error:
            raise CommandError(str(error)) from error
        if created:
            self.stdout.write(f"Created admin user '{DEMO_USERNAME}' with password '{DEMO_PASSWORD}'.")
        else:
            self.stdout.write(f"Admin user '{DEMO_USERNAME}' already exists.")
