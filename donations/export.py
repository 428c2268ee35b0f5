"""The donations export (CSV and XLSX, from the admin's donations list) in a shape a CRM imports: one column
per fact (docs/donations.md lists them), empty cells empty, yes/no flags, amounts in dollars, times in the
organisation's time zone with their offset, and no cell a spreadsheet would run as a formula."""

import re
from decimal import Decimal

from django.utils import timezone

# A spreadsheet runs a cell that starts with one of these as a formula (=HYPERLINK(...) in a donor's message).
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
# In a locale whose separator is `;` (or when a CRM splits on `,`, `|` or a tab), `Ann;=HYPERLINK(A1&A2);x`
# becomes three cells, the second a formula: disarm a trigger after a separator (and spaces or a quote) too.
AFTER_SEPARATOR = re.compile(r"""([,;|\t\r\n][\s"']*)([=+\-@])""")


def neutralise_formula(value):
    """Text as text in Excel, LibreOffice and Google Sheets: an apostrophe before every formula's start."""
    if not isinstance(value, str) or not value:
        return value
    value = AFTER_SEPARATOR.sub(r"\1'\2", value)
    return "'" + value if value.startswith(FORMULA_TRIGGERS) else value


def _dollars(cents):
    return (Decimal(cents or 0) / 100).quantize(Decimal("0.01"))


def _local(moment):
    """ISO 8601 in the organisation's time zone (settings.TIME_ZONE), with its offset: 2018-12-02T08:17:00-08:00."""
    return timezone.localtime(moment).isoformat(timespec="seconds") if moment else None


# (column, heading, value of a gift); amounts are Decimal dollars, flags bool, text str, absent None.
COLUMNS = (
    ("received", "Received", lambda gift: _local(gift.received_at)),
    ("date", "Date", lambda gift: timezone.localdate(gift.received_at).isoformat()),
    ("donor_name", "Donor name", lambda gift: gift.donor_name),
    ("donor_email", "Donor email", lambda gift: gift.donor_email),
    ("display_name", "Name shown", lambda gift: gift.display_name),
    ("is_anonymous", "Anonymous", lambda gift: gift.is_anonymous),
    ("amount", "Amount", lambda gift: _dollars(gift.amount_cents)),
    ("currency", "Currency", lambda gift: gift.currency.upper()),
    ("fee_covered", "Fee covered", lambda gift: gift.fee_covered_cents > 0),
    ("fee_covered_amount", "Fee covered amount", lambda gift: _dollars(gift.fee_covered_cents)),
    ("refunded_amount", "Refunded amount", lambda gift: _dollars(gift.refunded_cents)),
    ("designation", "Designation", lambda gift: gift.designation_title()),
    ("designation_page_id", "Designation page id", lambda gift: gift.page_id),
    ("counts_toward", "Counts toward", lambda gift: gift.rollup_page.title if gift.rollup_page_id else None),
    ("frequency", "Frequency", lambda gift: gift.get_frequency_display()),
    ("status", "Status", lambda gift: gift.get_status_display()),
    ("source", "Source", lambda gift: gift.get_source_display()),
    ("dedication", "Dedication", lambda gift: gift.get_tribute_kind_display() if gift.tribute_kind else None),
    ("dedicated_to", "Dedicated to", lambda gift: gift.tribute_name),
    ("message", "Message", lambda gift: gift.message),
    ("refunded_at", "Refunded", lambda gift: _local(gift.refunded_at)),
    ("stripe_payment_id", "Stripe payment id", lambda gift: gift.stripe_payment_id),
    ("stripe_customer_id", "Stripe customer id", lambda gift: gift.stripe_customer_id),
    ("stripe_subscription_id", "Stripe subscription id", lambda gift: gift.stripe_subscription_id),
)
HEADINGS = {name: heading for name, heading, _ in COLUMNS}
VALUES = {name: value for name, _, value in COLUMNS}


def row(gift):
    return {name: value(gift) for name, value in VALUES.items()}


def cell(value, csv):
    """One cell's value: empty for nothing, yes/no, dollars with two decimals (text in a CSV, a number in an
    XLSX), and text disarmed of formulas."""
    if value is None or value == "":
        return "" if csv else None  # an XLSX cell with nothing in it, not an empty string
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, Decimal):
        return f"{value:.2f}" if csv else value
    if isinstance(value, int):
        return str(value) if csv else value
    return neutralise_formula(str(value))
