"""The public "Share your baby's story" form and the family's change-request form."""

from django import forms
from django.conf import settings
from django.utils import timezone

from events.models import EventPage, upcoming_events

from ..common.forms import SpamCheckedForm
from ..common.images import check_photo, clean_photo

MAX_PHOTOS = 6
FORM_STARTED_SALT = "stories.tribute-form-started"


def minimum_seconds():
    """People need time to write a story; a bot posts at once."""
    return settings.TRIBUTE_FORM_MIN_SECONDS


class MultiplePhotoInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultiplePhotoField(forms.FileField):
    widget = MultiplePhotoInput

    def clean(self, data, initial=None):
        """The uploads, checked from their headers only: decoding waits until the whole form is valid."""
        files = data if isinstance(data, list | tuple) else [data] if data else []
        files = [f for f in files if f]
        if len(files) > MAX_PHOTOS:
            raise forms.ValidationError(f"Please choose at most {MAX_PHOTOS} photos.")
        errors, uploads, pixels = [], [], 0
        for upload in files:
            super().clean(upload, initial)
            try:
                width, height = check_photo(upload)
            except forms.ValidationError as error:
                errors.extend(error.messages)
            else:
                uploads.append(upload)
                pixels += width * height
        if errors:
            raise forms.ValidationError(errors)
        limit = settings.TRIBUTE_PHOTOS_MAX_PIXELS
        if pixels > limit:
            raise forms.ValidationError(
                f"Together these photos have more than {limit // 1_000_000} megapixels. "
                "Please choose fewer photos, or smaller ones."
            )
        return uploads


def events_open_for_mile_requests():
    # A mile can still be dedicated only before the start, not while the race is run.
    return upcoming_events().filter(start__gt=timezone.now())


class TributeSubmissionForm(SpamCheckedForm):
    started_salt = FORM_STARTED_SALT
    too_fast_message = (
        "That was quicker than we expected a person to write a story, so nothing was sent. "
        "Please check your words below, choose any photos again, and send the form again."
    )

    baby_name = forms.CharField(
        label="Your baby's name",
        max_length=120,
        help_text="Exactly as you would like it shown, e.g. “Charlotte Grace” or “Baby Ruiz”.",
    )
    remembrance = forms.ChoiceField(
        label="Your baby is",
        choices=[
            ("memory", "Remembered: our baby died, and the tribute is in their memory"),
            ("honour", "Honoured: our baby lived, or is still in the NICU, and the tribute is in their honour"),
        ],
        widget=forms.RadioSelect,
        help_text="Every word on the tribute and its giving box follows your choice. You can ask us to change it.",
        error_messages={"required": "Please tell us whether the tribute remembers or honours your baby."},
    )
    story = forms.CharField(
        label="Your baby's story",
        max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text="Plain text; leave an empty line between paragraphs. Up to 10,000 characters.",
    )
    photos = MultiplePhotoField(
        label="Photos (optional)",
        required=False,
        widget=MultiplePhotoInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
        help_text=(
            "Up to 6 photos: JPEG, PNG or WebP, at most 10 MB each. A phone's usual photos fit; very large "
            "ones (over 25 megapixels, or 80 together) are refused. Location data is removed."
        ),
    )
    photo_alt = forms.CharField(
        label="What the photos show (optional)",
        required=False,
        max_length=250,
        help_text="A few words read aloud to people who cannot see the photos. Empty: “Photo of” your baby's name.",
    )
    family_message = forms.CharField(
        label="A message from your family (optional)",
        required=False,
        max_length=1_000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="A few words shown under the story.",
    )
    is_listed = forms.TypedChoiceField(
        label="Who can find the tribute?",
        choices=[
            ("0", "Only people I share the link with (unlisted)"),
            ("1", "Anyone: show it in the list of tributes and in search (listed)"),
        ],
        coerce=lambda value: value == "1",
        initial="0",
        widget=forms.RadioSelect,
        help_text="You can ask us to change this at any time.",
    )
    requested_event = forms.ModelChoiceField(
        label="Dedicate a mile at an upcoming event (optional)",
        queryset=EventPage.objects.none(),
        required=False,
        empty_label="No, thank you",
        help_text="A runner carries your baby's name on their bracelet for one mile.",
    )
    submitter_name = forms.CharField(label="Your name", max_length=120, help_text="Never shown on the tribute.")
    submitter_email = forms.EmailField(
        label="Your email address",
        help_text="We send your private link here and write only about this tribute. Never shown.",
    )
    relationship = forms.CharField(
        label="Your relationship to the baby", max_length=120, help_text="For example mother, father, grandparent."
    )
    notify_of_gifts = forms.BooleanField(
        label="Email me when someone gives in my baby's name",
        required=False,
        initial=True,
        help_text="With the giver's name and message, unless they give anonymously; never the amount.",
    )
    consent_guardian = forms.BooleanField(
        label="I am the baby's parent or guardian, or I have their permission to share this tribute.",
        error_messages={"required": "Please confirm you are the baby's parent or guardian, or have their permission."},
    )
    consent_publication = forms.BooleanField(
        label="I agree to the NEC Society publishing this story and these photos on its website.",
        error_messages={"required": "Please agree to publication, or we cannot share the tribute."},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["requested_event"].queryset = events_open_for_mile_requests()

    def minimum_seconds(self):
        return minimum_seconds()

    def clean(self):
        cleaned = super().clean()
        # Decoding photos is the costly part: only for a form that is otherwise ready to send.
        if not self.errors and cleaned.get("photos"):
            errors, photos = [], []
            for upload in cleaned["photos"]:
                try:
                    photos.append(clean_photo(upload))
                except forms.ValidationError as error:
                    errors.extend(error.messages)
            if errors:
                self.add_error("photos", errors)
            else:
                cleaned["photos"] = photos
        return cleaned

    def clean_baby_name(self):
        # One line: it becomes the page title and an email subject.
        return " ".join(self.cleaned_data["baby_name"].split())


class ChangeRequestForm(forms.Form):
    message = forms.CharField(
        label="What would you like us to change?",
        max_length=5_000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="For example a spelling, a sentence, a photo to remove, or listing the tribute publicly.",
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
