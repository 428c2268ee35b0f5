"""A public form's defences, shared by the tribute form, the guestbook and the runners' sign-up."""

from django import forms
from django.conf import settings
from django.core import signing

from core import ratelimit

HOUR = 60 * 60


class SpamCheckedForm(forms.Form):
    """A public form's defences (the tribute form, the guestbook, the runners' sign-up): a honeypot field
    `website` people never see, and `started`, when the form was shown, signed with the form's salt; a
    form sent sooner than a person could fill it in is refused too, with the form's `too_fast_message`.

    A form sets `started_salt` and `minimum_seconds()`."""

    started_salt = None
    too_fast_message = (
        "That was quicker than we expected a person to write, so nothing was sent. "
        "Please check your words below and send them again."
    )

    website = forms.CharField(
        label="Leave this field empty",
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )
    started = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial["started"] = self.started_signer().sign("shown")

    def started_signer(self):
        return signing.TimestampSigner(salt=self.started_salt)

    def minimum_seconds(self):
        raise NotImplementedError

    def is_spam(self):
        """The reason a person is given if this looks automated (sent too fast included), or None.
        Call before is_valid()."""
        if self.data.get("website"):
            return "This form could not be sent: a field meant to stay empty was filled in."
        try:
            self.started_signer().unsign(self.data.get("started", ""), max_age=24 * 60 * 60)
        except signing.SignatureExpired:
            return "This form was open for more than a day. Please send it again."
        except signing.BadSignature:
            return "This form could not be sent. Please reload the page and try again."
        if self.sent_too_fast():
            return self.too_fast_message
        return None

    def sent_too_fast(self):
        try:
            self.started_signer().unsign(self.data.get("started", ""), max_age=self.minimum_seconds())
        except signing.SignatureExpired:
            return False
        except signing.BadSignature:
            return True
        return self.minimum_seconds() > 0


class SendingAllowances:
    """A public form's two allowances per address an hour, counted in the shared cache: every sending
    (roomy: a person correcting a mistake sends again), and what was stored or refused as automated
    (small). The limits are the two settings named, read at each request."""

    def __init__(self, prefix, sendings_setting, stored_setting):
        self.sendings_scope, self.stored_scope = f"{prefix}-sendings", f"{prefix}-stored"
        self.sendings_setting, self.stored_setting = sendings_setting, stored_setting

    def refusal(self, request):
        """Count this sending; "too_many_sendings" or "too_many" once an allowance is spent, else None."""
        if not self.count_sending(request):
            return "too_many_sendings"
        if not self.allows(request):
            return "too_many"
        return None

    def count_sending(self, request):
        """Count one sending, whatever becomes of it; False once the hour's allowance is spent."""
        return ratelimit.hit(self.sendings_scope, request, getattr(settings, self.sendings_setting), HOUR)

    def allows(self, request):
        """Whether this address may still have one stored (or be refused as automated) this hour."""
        return ratelimit.allows(self.stored_scope, request, getattr(settings, self.stored_setting))

    def count(self, request):
        """Count one stored, or one sending refused as automated."""
        ratelimit.hit(self.stored_scope, request, getattr(settings, self.stored_setting), HOUR)
