"""The donation form, validated on the server in integer cents whatever the browser sent."""

import hashlib

from django import forms
from wagtail.models import Page

from .models import Donation, Frequency, dollars_to_cents, format_cents, is_designatable, public_first_name

# How long the donor's message on an e-card may be (Stripe never sees it: it stays in DedicationCard).
ECARD_MESSAGE_LIMIT = 500
ECARD_FIELDS = ("ecard_name", "ecard_email", "ecard_message")


def one_line(text):
    """A name as one line: no line breaks (an email's subject names it) and no runs of spaces."""
    return " ".join((text or "").split())


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
    # The e-card (with a dedication only): the person it tells, where, and the donor's words to them.
    ecard_name = forms.CharField(max_length=120, required=False, label="Their name")
    ecard_email = forms.EmailField(
        required=False,
        label="Their email",
        error_messages={"invalid": "Enter their email address as name@example.org, so that the card reaches them."},
    )
    ecard_message = forms.CharField(
        required=False,
        label="Your message to them",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=f"Optional, up to {ECARD_MESSAGE_LIMIT} characters.",
    )
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
            # "No dedication": a name (or an e-card) typed before changing one's mind is not kept.
            cleaned["tribute_name"] = ""
            for name in ECARD_FIELDS:
                cleaned[name] = ""
                self.errors.pop(name, None)
        else:
            if not cleaned.get("tribute_name", "").strip():
                self.add_error("tribute_name", "Enter the name of the person you are honouring or remembering.")
            self._clean_ecard(cleaned)
        maximum = self.donation_settings.maximum_cents
        if "amount" in cleaned and self.total_cents > maximum:
            # The limit is on what the card is charged, the covered fee included.
            self.add_error(
                "amount",
                f"With the processing fee covered this gift comes to {format_cents(self.total_cents)}; online gifts "
                f"are limited to {format_cents(maximum)}. Give a little less, or contact us for larger gifts.",
            )
        return cleaned

    def _clean_ecard(self, cleaned):
        """An e-card is asked for as soon as one of its fields is filled: then it needs a name and an address."""
        cleaned["ecard_name"] = one_line(cleaned.get("ecard_name"))
        message = (cleaned.get("ecard_message") or "").strip()
        cleaned["ecard_message"] = message
        if len(message) > ECARD_MESSAGE_LIMIT:
            self.add_error(
                "ecard_message",
                f"Keep your message to {ECARD_MESSAGE_LIMIT} characters: it has {len(message)}.",
            )
        wanted = any(cleaned.get(name) for name in ECARD_FIELDS) or "ecard_email" in self.errors
        if not wanted:
            return
        if not cleaned.get("ecard_email") and "ecard_email" not in self.errors:
            self.add_error("ecard_email", "Enter their email address, so that we can send them the card.")
        if not cleaned["ecard_name"]:
            self.add_error("ecard_name", "Enter the name of the person who will receive the card.")

    def ecard(self):
        """The e-card the donor asked for, or None: {name, email, message}."""
        data = self.cleaned_data
        if not data.get("tribute_kind") or not data.get("ecard_email"):
            return None
        return {"name": data["ecard_name"], "email": data["ecard_email"], "message": data["ecard_message"]}

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
