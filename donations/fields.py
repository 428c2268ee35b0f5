"""Money kept in cents, entered in dollars.

The database and Stripe count cents; communications staff think in dollars. A `CentsField` stores
cents, and its admin form field shows "26,200" and takes "26,200", "$26,200.50" or "1000".
"""

import re
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.db import models

# Plain dollars as people type them: "50", "26.20", "$26,200", ".5", "-5" (refused later as too small).
# Only ASCII digits, thousands commas in threes, at most two decimals: Decimal() alone would also take
# "1e3", "1_000", "Infinity" and other scripts' digits ("١٠٠٠"), none of which a donor means.
PLAIN_DOLLARS = re.compile(r"-?\$?(?:\d{1,3}(?:,\d{3})+|\d+)?(?:\.\d{1,2})?", re.ASCII)


def dollars_to_cents(text):
    text = str(text).strip()
    if not PLAIN_DOLLARS.fullmatch(text) or not any(char.isdigit() for char in text):
        raise ValueError("not a plain amount of dollars")
    return int(Decimal(text.replace("$", "").replace(",", "")) * 100)


def format_cents(cents):
    dollars, rest = divmod(int(cents), 100)
    return f"${dollars:,}" if rest == 0 else f"${dollars:,}.{rest:02d}"


class DollarsInput(forms.TextInput):
    def __init__(self, attrs=None):
        super().__init__({"inputmode": "decimal", **(attrs or {})})

    def format_value(self, value):
        # Cents from the database are shown as dollars; what the editor typed is shown back as typed.
        if isinstance(value, int):
            return format_cents(value).removeprefix("$")
        return super().format_value(value)


class DollarsFormField(forms.IntegerField):
    widget = DollarsInput
    default_error_messages = {"invalid": "Enter an amount in US dollars, e.g. 26,200 or 26.20."}

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, int):
            return value
        try:
            return dollars_to_cents(value)
        except (ArithmeticError, ValueError):
            raise ValidationError(self.error_messages["invalid"], code="invalid") from None

    def widget_attrs(self, widget):
        # No min/max/step attributes: they would be in cents on a field typed in dollars.
        return {}


class CentsField(models.PositiveIntegerField):
    """An amount of money in cents that the admin shows and takes in dollars."""

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": DollarsFormField, **kwargs})
