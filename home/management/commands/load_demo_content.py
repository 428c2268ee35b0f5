"""`manage.py load_demo_content`: the demo campaign (home/demo/campaign.py). Safe to run again."""

from django.core.management.base import BaseCommand

from home.demo.campaign import load_demo_campaign


class Command(BaseCommand):
    help = "Load the demo campaign (California International Marathon 2018). Safe to run again."

    def handle(self, *args, **options):
        created = load_demo_campaign()
        if created:
            self.stdout.write(self.style.SUCCESS(f"Demo content loaded: {created} pages created."))
        else:
            self.stdout.write("Demo content already present: nothing changed.")
