"""The guestbook's public form: a reader leaves a short message of support on a family's tribute.

Served as the route `guestbook/` of the TributePage (`/tributes/<baby>/guestbook/`), a page of its own:
the tribute page is kept in the page cache for every reader, while this form carries the visitor's CSRF
token and the signed time it was shown (the minimum-time check), so it is never kept. The defences are
the share form's: a honeypot, the minimum time, and two allowances per address in the shared cache.
"""

from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse

from ...common.forms import SendingAllowances
from .forms import GuestbookForm
from .models import GuestbookMessage

ALLOWANCES = SendingAllowances("guestbook", "GUESTBOOK_SENDINGS_PER_HOUR", "GUESTBOOK_MESSAGES_PER_HOUR")


def guestbook_open(tribute):
    """The family made the tribute public (listed): only then does it have a guestbook."""
    return tribute.live and tribute.is_listed


def guestbook_url(tribute):
    return tribute.url + tribute.reverse_subpage("guestbook")


def _fresh(response):
    # A signed start time and a CSRF token of the visitor's own: never kept, by the page cache or a CDN.
    response["Cache-Control"] = "private, no-store"
    return response


def _kept(data):
    """What the reader wrote, kept for a second try."""
    return {name: data.get(name, "") for name in ("name", "message")}


def guestbook_form(tribute, request):
    if not guestbook_open(tribute):
        raise Http404("This tribute has no guestbook.")
    template = "stories/guestbook_form.html"
    context = {"page": tribute, "self": tribute, "sent": request.GET.get("sent") == "1"}

    def answer(status=200, **extra):
        context.update(extra)
        return _fresh(TemplateResponse(request, template, context, status=status))

    if request.method != "POST":
        return answer(form=GuestbookForm())

    # As on the share form: every sending counts in a roomy allowance, messages stored and sendings
    # refused as spam or too fast in a small one.
    if ALLOWANCES.refusal(request):
        return answer(429, form=GuestbookForm(initial=_kept(request.POST)), too_many=True)

    form = GuestbookForm(request.POST)
    spam = form.is_spam()
    if spam:
        ALLOWANCES.count(request)
        return answer(400, form=GuestbookForm(initial=_kept(form.data)), refusal_message=spam)
    if not form.is_valid():
        return answer(400, form=form)

    GuestbookMessage.objects.create(
        tribute=tribute, name=form.cleaned_data["name"], message=form.cleaned_data["message"]
    )
    ALLOWANCES.count(request)
    return redirect(guestbook_url(tribute) + "?sent=1")
