"""The guestbook's public form: a reader's name and message of support, with the public forms' defences."""

from django import forms

from ...common.forms import SpamCheckedForm
from ..forms import FORM_STARTED_SALT, minimum_seconds
from .models import MESSAGE_MAX_LENGTH, NAME_MAX_LENGTH


class GuestbookForm(SpamCheckedForm):
    # The share form's signature and minimum time: a message of support, like a story, takes a person a while.
    started_salt = FORM_STARTED_SALT

    name = forms.CharField(
        label="Your name",
        max_length=NAME_MAX_LENGTH,
        help_text="Shown with your message, e.g. “Aunt Rosa” or “A NICU nurse in Ohio”.",
    )
    message = forms.CharField(
        label="Your message to the family",
        max_length=MESSAGE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=f"A few words of support, up to {MESSAGE_MAX_LENGTH:,} characters.",
    )

    def minimum_seconds(self):
        return minimum_seconds()

    def clean_name(self):
        # One line: it stands above the message and in the family's email.
        return " ".join(self.cleaned_data["name"].split())

    def clean_message(self):
        return self.cleaned_data["message"].replace("\r\n", "\n").strip()
