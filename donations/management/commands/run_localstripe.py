"""Serve localstripe (a stateful fake Stripe API, a dev dependency) on loopback only.

The package's own `localstripe` command listens on every interface; this one binds the
address given, so a laptop on a café network does not expose a payment API.
"""

from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Run localstripe on loopback, e.g. for `make run` and the tests."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8420)

    def handle(self, *args, host, port, **options):
        try:
            from aiohttp import web
            from localstripe.server import app

            from donations.localstripe_stand_in import extend
        except ImportError as error:
            raise CommandError("localstripe is not installed: pip install -r requirements-dev.txt") from error
        extend()
        self.stdout.write(f"localstripe listening on http://{host}:{port}")
        web.run_app(app, host=host, port=port, print=None)
