"""`manage.py load_demo_gifts`: the demo campaign's offline gifts (home/demo/gifts.py). Safe to run again."""

from django.core.management.base import BaseCommand

from home.demo.gifts import add_demo_gifts


class Command(BaseCommand):
    help = "Add offline demo gifts, dated in the weeks before race day, to the demo campaign (after load_demo_content)."

    def handle(self, *args, **options):
        created = add_demo_gifts()
        if created is None:
            self.stderr.write("No event: run load_demo_content first.")
            return
        self.stdout.write(f"{created} demo gifts added.")
