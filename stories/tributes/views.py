"""The family's views, served as routes of the TributeIndexPage (`pages.py`), which passes itself in."""

from urllib.parse import urlsplit

from django.http import HttpResponseNotAllowed
from django.shortcuts import redirect
from django.template.response import TemplateResponse

from ..common.responses import private_response
from . import flow
from .forms import ChangeRequestForm, TributeSubmissionForm
from .guestbook import moderation as guestbook_moderation


def share_tribute(index_page, request):
    template = "stories/tribute_submission_form.html"
    context = {"page": index_page, "self": index_page}
    if request.method != "POST":
        context["form"] = TributeSubmissionForm()
        return TemplateResponse(request, template, context)

    # Every sending counts in a roomy allowance (a family correcting a mistake sends again); tributes
    # stored and sendings refused as spam or too fast count in the small one.
    refusal = flow.ALLOWANCES.refusal(request)
    if refusal:
        # Keep what they wrote, so a family refused here does not lose their story.
        context.update(form=TributeSubmissionForm(initial=_kept(request.POST)), refusal=refusal)
        return TemplateResponse(request, template, context, status=429)

    form = TributeSubmissionForm(request.POST, request.FILES)
    spam = form.is_spam()
    if spam:
        flow.ALLOWANCES.count(request)
        context.update(form=TributeSubmissionForm(initial=_kept(form.data)), refusal_message=spam)
        return TemplateResponse(request, template, context, status=400)
    if not form.is_valid():
        context["form"] = form
        return TemplateResponse(request, template, context, status=400)

    submission, link = flow.create_submission(index_page, form.cleaned_data)
    flow.ALLOWANCES.count(request)
    return redirect(urlsplit(link).path + "?sent=1")


def _kept(data):
    """What a person typed and chose, kept for a second try (photos must be chosen again)."""
    keep = ["baby_name", "remembrance", "story", "photo_alt", "family_message", "is_listed", "requested_event"]
    keep += ["submitter_name", "submitter_email", "relationship", "notify_of_gifts"]
    return {name: data.get(name, "") for name in keep}


def tribute_status(index_page, request, token, action=None):
    submission = flow.submission_for_token(token)
    context = {"page": index_page, "self": index_page, "token": token}
    if submission is None:
        return private_response(TemplateResponse(request, "stories/tribute_link_invalid.html", context, status=404))
    context.update(submission=submission, sent=request.GET.get("sent") == "1")
    change_form = ChangeRequestForm()
    status = 200
    if request.method == "POST" and submission.is_open:
        if action == "change" and not flow.may_request_change(submission):
            # Their words stay in the box; nothing is sent.
            change_form = ChangeRequestForm(initial={"message": request.POST.get("message", "")})
            context["too_many_changes"] = True
            status = 429
        elif action == "change":
            change_form = ChangeRequestForm(request.POST)
            if change_form.is_valid():
                flow.request_change(submission, change_form.cleaned_data["message"])
                return redirect(request.path.removesuffix("change/") + "?asked=1")
            status = 400
        elif action == "withdraw" and request.POST.get("confirm") == "yes":
            flow.withdraw(submission)
            return redirect(request.path.removesuffix("withdraw/"))
    if action == "withdraw" and submission.is_open:
        template = "stories/tribute_withdraw_confirm.html"
    else:
        template = "stories/tribute_status.html"
    context.update(
        change_form=change_form, asked=request.GET.get("asked") == "1", hidden=request.GET.get("hidden") == "1"
    )
    if submission.tribute_id:
        # The guestbook's published messages, each of which the family may hide.
        context["guestbook_messages"] = list(submission.tribute.guestbook_messages.published())
    return private_response(TemplateResponse(request, template, context, status=status))


def guestbook_hide(index_page, request, token, message_id):
    """The family hides one published message of their tribute's guestbook (a POST from their private link)."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    submission = flow.submission_for_token(token)
    context = {"page": index_page, "self": index_page, "token": token}
    if submission is None:
        return private_response(TemplateResponse(request, "stories/tribute_link_invalid.html", context, status=404))
    status_url = index_page.url + index_page.reverse_subpage("tribute_status", args=[token])
    # Already hidden (a second click) or not theirs: the page shows what stands, unchanged.
    hidden = guestbook_moderation.hide(submission, message_id)
    return redirect(status_url + ("?hidden=1" if hidden else ""))
