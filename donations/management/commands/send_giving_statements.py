"""Email every donor who gave in a year their giving statement (PDF attached), once per donor and year.

    python manage.py send_giving_statements --year 2026 --dry-run   # prints what it would send
    python manage.py send_giving_statements --year 2026

Each statement is recorded (GivingStatement) and its email queued in one transaction; the email
worker renders the PDF and sends it. Running it again sends only to donors who have none yet.
"""

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from donations.emails import queue_giving_statement
from donations.fields import format_cents
from donations.models import GivingStatement
from donations.statements import donors_of, record_statement


class Command(BaseCommand):
    help = "Email each donor of a year their giving statement (PDF), never twice for the same donor and year."

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True, help="The calendar year, e.g. 2026.")
        parser.add_argument("--dry-run", action="store_true", help="Print what would be sent; send and record nothing.")

    def handle(self, *args, year, dry_run, **options):
        if not 2000 <= year <= timezone.now().year:
            raise CommandError(f"--year must be between 2000 and {timezone.now().year}, not {year}.")
        already = set(GivingStatement.objects.filter(year=year).values_list("donor_email", flat=True))
        sent = skipped = 0
        for email, count, total_cents in donors_of(year):
            if email in already:
                skipped += 1
                continue
            if dry_run:
                self.stdout.write(f"would send {email}: {count} gift(s), {format_cents(total_cents)}")
                sent += 1
                continue
            with transaction.atomic():
                statement = record_statement(email, year, count, total_cents)
                if statement is None:
                    skipped += 1
                    continue
                queue_giving_statement(statement)
            sent += 1
        verb = "would send" if dry_run else "queued"
        self.stdout.write(f"{year}: {verb} {sent} statement(s); {skipped} donor(s) already had theirs.")
