"""`manage.py grow_demo_campaign --times N`: the demo campaign N times over, for load tests (home/demo/grow.py)."""

from django.core.management.base import BaseCommand

from home.demo.grow import grow_campaign


class Command(BaseCommand):
    help = "Grow the demo campaign N times over (runners, tributes, gifts) for load tests. Safe to run again."

    def add_arguments(self, parser):
        parser.add_argument("--times", type=int, default=10, help="How many times the demo campaign's size.")

    def handle(self, *args, times, **options):
        runners, tributes, gifts = grow_campaign(times)
        self.stdout.write(f"Campaign ×{times}: {runners} runners, {tributes} tributes, {gifts} gifts.")
