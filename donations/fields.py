"""Money kept in cents, entered in dollars.

The database and Stripe count cents; communications staff think in dollars. A `CentsField` stores
cents, and its admin form field shows "26,200" and takes "26,200", "$26,200.50" or "1000".
"""

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.db import models


def dollars_to_cents(text):
    value = Decimal(str(text).strip().replace("$", "").replace(",", ""))
    if value != value.quantize(Decimal("0.01")) or not value.is_finite():
        raise ValueError("at most two decimals")
    return int(value * 100)


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
