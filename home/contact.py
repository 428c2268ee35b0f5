"""The contact form: a reader writes to the NEC Society's staff from the Contact page (`ContactPage`).

A Django form, with the public forms' defences (those of the tribute form, the guestbook and the runners'
sign-up: a honeypot, the minimum time, two allowances per address in the shared cache). The message is
stored nowhere but in one email job (core.emails), sent to the staff by the email worker, with the
reader's address in it so that staff can answer. The page carries the visitor's CSRF token and the signed
time the form was shown, so it is never kept by the page cache.
"""

from django import forms
from django.conf import settings
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.template.response import TemplateResponse

from core.emails import send_email
from core.models import OrganisationSettings
from stories.common.forms import SendingAllowances, SpamCheckedForm

ALLOWANCES = SendingAllowances("contact", "CONTACT_SENDINGS_PER_HOUR", "CONTACT_MESSAGES_PER_HOUR")
MESSAGE_MAX_LENGTH = 3000
TOPICS = [
    ("question", "A question or an idea"),
    ("giving", "A gift, a receipt or a monthly gift"),
    ("tribute", "A family tribute or the guestbook"),
    ("running", "Running with the team"),
    ("press", "Press and media"),
    ("privacy", "My details: see, correct or delete them"),
]


class ContactForm(SpamCheckedForm):
    started_salt = "home.contact-form-started"
    too_fast_message = (
        "That was quicker than we expected a person to write, so nothing was sent. "
        "Please check your message below and send it again."
    )

    name = forms.CharField(label="Your name", max_length=120, widget=forms.TextInput(attrs={"autocomplete": "name"}))
    email = forms.EmailField(
        label="Your email",
        max_length=254,
        help_text="So that we can answer you. Never shown, never added to a mailing list.",
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    topic = forms.ChoiceField(label="What is it about?", choices=TOPICS)
    message = forms.CharField(
        label="Your message",
        max_length=MESSAGE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=f"Up to {MESSAGE_MAX_LENGTH:,} characters.",
    )

    def minimum_seconds(self):
        return settings.CONTACT_FORM_MIN_SECONDS

    def clean_name(self):
        # One line: it stands in the email's subject.
        return " ".join(self.cleaned_data["name"].split())

    def clean_message(self):
        return self.cleaned_data["message"].replace("\r\n", "\n").strip()


def staff_address(page):
    return page.staff_email or OrganisationSettings.load().contact_email


def email_staff(page, message):
    """One email job to the staff with what the reader wrote (plain text: their words stay inert)."""
    topic = dict(TOPICS)[message["topic"]]
    subject = f"Contact form: {topic} ({message['name']})"
    body = render_to_string("home/email/contact_message.txt", {"message": message, "topic": topic, "page": page})
    send_email.enqueue(subject, body, [staff_address(page)])


def _kept(data):
    """What the reader wrote, kept for a second try."""
    return {name: data.get(name, "") for name in ("name", "email", "topic", "message")}


def serve_contact(page, request):
    context = {"page": page, "self": page, "sent": request.GET.get("sent") == "1"}

    def answer(status=200, **extra):
        context.update(extra)
        response = TemplateResponse(request, page.get_template(request), context, status=status)
        # A signed start time and a CSRF token of the visitor's own: never kept, by the page cache or a CDN.
        response["Cache-Control"] = "private, no-store"
        return response

    if request.method != "POST":
        return answer(form=ContactForm())

    # As on the share form: every sending counts in a roomy allowance; messages sent and sendings refused
    # as spam or too fast in a small one.
    if ALLOWANCES.refusal(request):
        return answer(429, form=ContactForm(initial=_kept(request.POST)), too_many=True)
    form = ContactForm(request.POST)
    spam = form.is_spam()
    if spam:
        ALLOWANCES.count(request)
        return answer(400, form=ContactForm(initial=_kept(form.data)), refusal_message=spam)
    if not form.is_valid():
        return answer(400, form=form)
    email_staff(page, form.cleaned_data)
    ALLOWANCES.count(request)
    return redirect(page.url + "?sent=1")
