"""The forms on a monthly donor's manage page, validated as the donation form is."""

from django import forms
from wagtail.models import Page

from core.queries import public

from .forms import DonationForm
from .models import designatable_page_models, format_cents


class ChangeAmountForm(forms.Form):
    amount = forms.CharField(
        max_length=20,
        label="New monthly amount in dollars",
        error_messages={"required": "Enter an amount."},
    )

    # The donation form's own rule: the same minimum, maximum and wording.
    clean_amount = DonationForm.clean_amount

    def __init__(self, *args, donation_settings, **kwargs):
        super().__init__(*args, **kwargs)
        self.donation_settings = donation_settings
        self.fields["amount"].help_text = (
            f"Between {format_cents(donation_settings.minimum_cents)} and "
            f"{format_cents(donation_settings.maximum_cents)}, e.g. 50 or 26.20. Charged from your next payment."
        )
        self.fields["amount"].widget.attrs.update(inputmode="decimal", autocomplete="off")


def offered_designations():
    """(page, label) of live, public pages that take gifts and may be listed, in the site's order (an event,
    then its runners). A page under another listed one is labelled with it: "Maya Okafor, CIM 2026", so
    that two runners of the same name in two events differ."""
    pages = public(Page.objects.type(*designatable_page_models())).defer_streamfields().specific().order_by("path")
    offered = [page for page in pages if page.offered_as_designation()]
    by_path = {page.path: page for page in offered}
    labels = []
    for page in offered:
        parent = by_path.get(page.path[: -Page.steplen])
        labels.append((page, f"{page.title}, {parent.title}" if parent else page.title))
    return labels


class ChangeDesignationForm(forms.Form):
    page_id = forms.ChoiceField(label="Your monthly gift supports", required=False)

    def __init__(self, *args, current_page=None, **kwargs):
        super().__init__(*args, **kwargs)
        offered = offered_designations()
        choices = [("", "The general fund (where the need is greatest)")]
        choices += [(str(page.pk), label) for page, label in offered]
        if current_page is not None and all(page.pk != current_page.pk for page, _label in offered):
            # The page it supports now stays selectable, even if it is no longer listed.
            choices.append((str(current_page.pk), current_page.title))
        self.fields["page_id"].choices = choices
        self.fields["page_id"].error_messages["invalid_choice"] = (
            "This page cannot receive gifts. Please choose another from the list."
        )
        self.fields["page_id"].help_text = "From your next payment on."

    def clean_page_id(self):
        value = self.cleaned_data.get("page_id")
        return int(value) if value else None


class RequestLinkForm(forms.Form):
    email = forms.EmailField(
        label="The email address you give with",
        help_text="We email a private link to each monthly gift made with this address.",
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
