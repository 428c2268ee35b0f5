"""Year-end giving statements: one PDF per donor and year, listing each gift that counted.

A donor is an email address (case aside). A statement lists the year's paid gifts (refunded ones
left out; a partly refunded gift at what was kept), their total, the EIN, the 501(c)(3) statement
and that no goods or services were provided. The PDF is made by WeasyPrint from
templates/donations/statement.html, with no network: it fetches nothing.
"""

from django.db import IntegrityError, transaction
from django.db.models import Count, Sum
from django.db.models.functions import Coalesce, Lower
from django.template.loader import render_to_string
from PIL import ImageFile
from weasyprint import HTML

from core.models import OrganisationSettings

from .models import Donation, GivingStatement

# Importing WeasyPrint turns Pillow's LOAD_TRUNCATED_IMAGES on for the whole process, so that a
# cut-short photo would be accepted (half grey) by the tribute and runner photo checks: turn it off
# again, once, here. The statements draw no image that needs it.
ImageFile.LOAD_TRUNCATED_IMAGES = False


def gifts_of(email, year):
    return (
        Donation.objects.counted()
        .filter(donor_email__iexact=email.strip(), received_at__year=year)
        .select_related("page")
        .order_by("received_at", "pk")
    )


def donors_of(year):
    """(email in lower case, count, total_cents) of every donor with a gift that counted in `year`,
    alphabetically: one grouped query for the whole year."""
    return list(
        Donation.objects.counted()
        .filter(received_at__year=year)
        .exclude(donor_email="")
        .annotate(email=Lower("donor_email"))
        .values("email")
        .annotate(count=Count("pk"), total_cents=Coalesce(Sum("amount_cents"), 0))
        .values_list("email", "count", "total_cents")
        .order_by("email")
    )


def _no_fetching(url, *args, **kwargs):
    raise ValueError(f"A giving statement fetches nothing ({url})")


def statement_pdf(email, year, gifts):
    """The statement of `gifts` (the list gifts_of(email, year) gave) as PDF bytes."""
    latest_name = next((gift.donor_name for gift in reversed(gifts) if gift.donor_name), "")
    html = render_to_string(
        "donations/statement.html",
        {
            "organisation": OrganisationSettings.load(),
            "year": year,
            "email": email,
            "donor_name": latest_name,
            "gifts": gifts,
            "total_cents": sum(gift.amount_cents for gift in gifts),
        },
    )
    return HTML(string=html, url_fetcher=_no_fetching).write_pdf()


def statement_filename(year):
    return f"giving-statement-{year}.pdf"


def record_statement(email, year, count, total_cents):
    """The GivingStatement for a donor and year (their figures from donors_of), made now; None if one was
    already made (never twice)."""
    if not count:
        return None
    try:
        with transaction.atomic():
            return GivingStatement.objects.create(
                donor_email=email.strip().lower(), year=year, gift_count=count, total_cents=total_cents
            )
    except IntegrityError:
        return None
