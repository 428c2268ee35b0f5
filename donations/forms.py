"""The donation form, validated on the server in integer cents whatever the browser sent."""

import hashlib

from django import forms
from wagtail.models import Page

from .models import Donation, Frequency, dollars_to_cents, format_cents, is_designatable, public_first_name


class DonationForm(forms.Form):
    amount = forms.CharField(
        max_length=20,
        help_text="The gift in dollars, e.g. 50 or 26.20.",
        error_messages={"required": "Enter an amount."},
    )
    frequency = forms.ChoiceField(choices=Frequency.choices, initial=Frequency.ONE_TIME)
    currency = forms.CharField(max_length=3, required=False)
    page_id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    donor_name = forms.CharField(max_length=120, label="Your name", help_text="For your receipt.")
    donor_email = forms.EmailField(label="Email", help_text="We send your receipt here; it is never shown.")
    display_name = forms.CharField(
        max_length=60,
        required=False,
        label="Name shown with your gift",
        help_text="Empty: your first name. Giving anonymously shows “Anonymous” instead.",
    )
    is_anonymous = forms.BooleanField(required=False, label="Give anonymously")
    message = forms.CharField(max_length=280, required=False, widget=forms.Textarea(attrs={"rows": 2}))
    tribute_kind = forms.ChoiceField(choices=Donation.TributeKind.choices, required=False)
    tribute_name = forms.CharField(max_length=120, required=False)
    cover_fee = forms.BooleanField(required=False)
    submission_id = forms.CharField(max_length=64, widget=forms.HiddenInput)
    payment_token = forms.CharField(max_length=255, required=False, widget=forms.HiddenInput)

    def __init__(self, *args, donation_settings, **kwargs):
        super().__init__(*args, **kwargs)
        self.donation_settings = donation_settings

    def clean_amount(self):
        rules = self.donation_settings
        try:
            cents = dollars_to_cents(self.cleaned_data["amount"])
        except ValueError:
            raise forms.ValidationError("Enter the amount as a number of dollars, e.g. 50 or 26.20.") from None
        if cents < rules.minimum_cents:
            raise forms.ValidationError(
                f"The smallest gift we can accept online is {format_cents(rules.minimum_cents)}."
            )
        if cents > rules.maximum_cents:
            raise forms.ValidationError(
                f"Online gifts are limited to {format_cents(rules.maximum_cents)}; please contact us for larger gifts."
            )
        return cents

    def clean_currency(self):
        currency = (self.cleaned_data.get("currency") or self.donation_settings.currency).lower()
        if currency != self.donation_settings.currency.lower():
            raise forms.ValidationError(f"Gifts are accepted in {self.donation_settings.currency.upper()} only.")
        return currency

    def clean_page_id(self):
        page_id = self.cleaned_data.get("page_id")
        if page_id is None:
            return None
        page = Page.objects.live().public().filter(pk=page_id).first()
        if page is None or not is_designatable(page):
            raise forms.ValidationError("This page cannot receive gifts. Please give from an event, runner or tribute.")
        return page_id

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("tribute_kind"):
            # "No dedication": a name typed before changing one's mind is not kept.
            cleaned["tribute_name"] = ""
        elif not cleaned.get("tribute_name", "").strip():
            self.add_error("tribute_name", "Enter the name of the person you are honouring or remembering.")
        maximum = self.donation_settings.maximum_cents
        if "amount" in cleaned and self.total_cents > maximum:
            # The limit is on what the card is charged, the covered fee included.
            self.add_error(
                "amount",
                f"With the processing fee covered this gift comes to {format_cents(self.total_cents)}; online gifts "
                f"are limited to {format_cents(maximum)}. Give a little less, or contact us for larger gifts.",
            )
        return cleaned

    @property
    def fee_cents(self):
        if not self.cleaned_data.get("cover_fee"):
            return 0
        return self.donation_settings.fee_for(self.cleaned_data["amount"])

    @property
    def total_cents(self):
        return self.cleaned_data["amount"] + self.fee_cents

    def idempotency_key(self):
        """The same submission (a double click) gives the same key, so Stripe creates one payment."""
        data = self.cleaned_data
        parts = [data["submission_id"], str(self.total_cents), data["frequency"], str(data.get("page_id") or "")]
        return "gift-" + hashlib.sha256("|".join(parts).encode()).hexdigest()[:40]

    def shown_name(self):
        data = self.cleaned_data
        return " ".join(data.get("display_name", "").split()) or public_first_name(data["donor_name"])

    def stripe_metadata(self):
        data = self.cleaned_data
        metadata = {
            "donor_name": data["donor_name"],
            "donor_email": data["donor_email"],
            "display_name": self.shown_name(),
            "anonymous": "true" if data.get("is_anonymous") else "false",
            "message": data.get("message", ""),
            "tribute_kind": data.get("tribute_kind", ""),
            "tribute_name": data.get("tribute_name", ""),
            "fee_cents": str(self.fee_cents),
            "frequency": data["frequency"],
        }
        if data.get("page_id"):
            metadata["page_id"] = str(data["page_id"])
        return metadata
