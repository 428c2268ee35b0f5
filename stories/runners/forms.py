"""The runners' forms: joining a team, asking for a sign-in link, and the dashboard's changes and thanks."""

from django import forms
from django.conf import settings

from donations.fields import DollarsFormField, format_cents

from ..common.forms import SpamCheckedForm
from ..common.images import check_photo, clean_photo

FORM_STARTED_SALT = "stories.runner-signup-form-started"
WHY_I_RUN_MAX = 5_000
THANK_YOU_MAX = 1_000


class PhotoField(forms.FileField):
    """One optional photo, checked from its header here; decoded and cleaned once the form is otherwise valid."""

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}))
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        upload = super().clean(data, initial)
        if upload:
            check_photo(upload)
        return upload


PHOTO_HELP = (
    "Optional. JPEG, PNG or WebP, at most 10 MB and 25 megapixels; a square photo of you works best. "
    "Location data is removed."
)


def clean_photo_of(form, field="photo"):
    """Decode and re-encode the photo (the costly part) only for a form that is otherwise ready to send."""
    upload = form.cleaned_data.get(field)
    if form.errors or not upload:
        return
    try:
        form.cleaned_data[field] = clean_photo(upload, prefix="runner")
    except forms.ValidationError as error:
        form.add_error(field, error.messages)


class GoalLimitsMixin:
    """The goal field, within the limits the event's staff set."""

    def set_goal_limits(self, event):
        self.goal_min, self.goal_max = event.runner_goal_limits()
        self.fields[
            "goal"
        ].help_text = (
            f"What you hope to raise, in dollars: from {format_cents(self.goal_min)} to {format_cents(self.goal_max)}."
        )

    def clean_goal(self):
        goal = self.cleaned_data["goal"]
        if goal is not None and not self.goal_min <= goal <= self.goal_max:
            raise forms.ValidationError(
                f"Choose a goal from {format_cents(self.goal_min)} to {format_cents(self.goal_max)}."
            )
        return goal


class RunnerSignupForm(GoalLimitsMixin, SpamCheckedForm):
    runner_name = forms.CharField(
        label="Your name", max_length=120, help_text="As you would like it on your page, e.g. “Maya Okafor”."
    )
    email = forms.EmailField(
        label="Your email address",
        help_text="We send your sign-in links here and write only about your run. Never shown.",
    )
    why_i_run = forms.CharField(
        label="Why you run",
        max_length=WHY_I_RUN_MAX,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text="Plain text; leave an empty line between paragraphs. Up to 5,000 characters.",
    )
    photo = PhotoField(label="A photo of you (optional)", required=False, help_text=PHOTO_HELP)
    goal = DollarsFormField(label="Your fundraising goal")
    consent_publication = forms.BooleanField(
        label="I agree to the NEC Society publishing my name, story and photo on its website.",
        error_messages={"required": "Please agree to publication, or we cannot put your page on the team."},
    )
    started_salt = FORM_STARTED_SALT
    too_fast_message = (
        "That was quicker than we expected a person to fill in the form, so nothing was sent. "
        "Please check your words below, choose your photo again, and send the form again."
    )

    def __init__(self, *args, event, **kwargs):
        super().__init__(*args, **kwargs)
        self.set_goal_limits(event)

    def minimum_seconds(self):
        return settings.RUNNER_SIGNUP_FORM_MIN_SECONDS

    def clean_runner_name(self):
        # One line: it becomes the page title and an email subject.
        return " ".join(self.cleaned_data["runner_name"].split())

    def clean(self):
        cleaned = super().clean()
        clean_photo_of(self)
        return cleaned


class SignInLinkForm(forms.Form):
    email = forms.EmailField(
        label="Your email address", help_text="The address you signed up with. We email a new sign-in link there."
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class GoalForm(GoalLimitsMixin, forms.Form):
    goal = DollarsFormField(label="Your fundraising goal")

    def __init__(self, *args, event, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.set_goal_limits(event)


class StoryForm(forms.Form):
    why_i_run = forms.CharField(
        label="Why you run",
        max_length=WHY_I_RUN_MAX,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text="Plain text; leave an empty line between paragraphs. Staff read the change before it shows.",
    )
    photo = PhotoField(label="A new photo (optional)", required=False, help_text=PHOTO_HELP)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)

    def clean(self):
        cleaned = super().clean()
        clean_photo_of(self)
        return cleaned


class ThankYouForm(forms.Form):
    message = forms.CharField(
        label="Your thank-you",
        max_length=THANK_YOU_MAX,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="A few words, sent by the NEC Society to the donor with your name. You never see their address.",
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
