"""The runners' views: join a team, ask for a sign-in link, open it, and the dashboard (`urls.py`)."""

import io

import segno
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.http import require_POST

from core.charts import day_chart
from core.sharing import share_links
from donations.fields import format_cents
from donations.models import Donation, percent_of_goal
from events.models import EventPage

from ..common.responses import private_response
from . import flow
from .forms import GoalForm, RunnerSignupForm, SignInLinkForm, StoryForm, ThankYouForm
from .models import RunnerSignup

KEPT_FIELDS = ["runner_name", "email", "why_i_run", "goal"]


def _kept(data):
    """What the runner typed, kept for a second try (a photo must be chosen again)."""
    return {name: data.get(name, "") for name in KEPT_FIELDS}


def join_team(request, event_id):
    event = get_object_or_404(EventPage.objects.live().public(), pk=event_id)
    template = "stories/runners/signup_form.html"
    context = {"event": event, "is_open": event.runner_signup_is_open()}
    if not context["is_open"]:
        return TemplateResponse(request, template, context, status=404 if request.method == "POST" else 200)
    if request.method != "POST":
        context["form"] = RunnerSignupForm(event=event)
        return TemplateResponse(request, template, context)

    for allowed, refusal in (
        (flow.count_signup_sending(request), "too_many_sendings"),
        (flow.signups_allowed(request), "too_many"),
    ):
        if not allowed:
            context.update(form=RunnerSignupForm(initial=_kept(request.POST), event=event), refusal=refusal)
            return TemplateResponse(request, template, context, status=429)

    form = RunnerSignupForm(request.POST, request.FILES, event=event)
    spam = form.is_spam()
    if spam:
        flow.count_signup(request)
        context.update(form=RunnerSignupForm(initial=_kept(form.data), event=event), refusal_message=spam)
        return TemplateResponse(request, template, context, status=400)
    if not form.is_valid():
        context["form"] = form
        return TemplateResponse(request, template, context, status=400)
    flow.create_signup(event, form.cleaned_data)
    flow.count_signup(request)
    return redirect(reverse("runner_signup_received"))


def signup_received(request):
    return TemplateResponse(request, "stories/runners/signup_received.html", {})


def request_sign_in_link(request):
    template = "stories/runners/sign_in_request.html"
    if request.method != "POST":
        return private_response(TemplateResponse(request, template, {"form": SignInLinkForm()}))
    if not flow.count_sign_in_request(request):
        context = {"form": SignInLinkForm(initial={"email": request.POST.get("email", "")}), "too_many": True}
        return private_response(TemplateResponse(request, template, context, status=429))
    form = SignInLinkForm(request.POST)
    if not form.is_valid():
        return private_response(TemplateResponse(request, template, {"form": form}, status=400))
    flow.queue_sign_in_links(form.cleaned_data["email"])
    # The same answer whether or not the address is known; a redirect, so a refresh sends nothing again.
    return private_response(redirect(reverse("runner_sign_in_request") + "?sent=1"))


def open_sign_in_link(request, token):
    signup = flow.signup_for_token(token)
    if signup is None:
        response = TemplateResponse(request, "stories/runners/link_invalid.html", {}, status=404)
        return private_response(response, "no-referrer")
    flow.sign_in(request, signup)
    # To the dashboard at once: the token leaves the address bar and the history.
    return private_response(redirect(reverse("runner_dashboard")), "no-referrer")


@require_POST
def sign_out(request):
    flow.sign_out(request)
    return redirect(reverse("runner_sign_in_request") + "?signed_out=1")


def signed_in(view):
    """The view runs only for a signed-in runner, with their sign-up; anyone else is sent to sign in."""

    def wrapper(request, *args, **kwargs):
        signup = flow.signed_in_signup(request)
        if signup is None:
            return private_response(redirect(reverse("runner_sign_in_request")))
        return private_response(view(request, signup, *args, **kwargs))

    wrapper.__name__ = view.__name__
    wrapper.__doc__ = view.__doc__
    return wrapper


GIFTS_PER_PAGE = 25


def dashboard_context(signup, gifts_page=1, **forms):
    runner = signup.runner.specific if signup.runner_id else None
    context = {"signup": signup, "runner": runner, "event": signup.event}
    if runner is None:
        return context
    # The newest gifts a page at a time: a popular runner's dashboard stays quick to load and to read.
    gifts = Paginator(flow.runner_gifts(signup) if runner.live else [], GIFTS_PER_PAGE).get_page(gifts_page)
    totals = Donation.objects.counted().filter(page_id=runner.pk).totals()
    goal = runner.goal_cents
    page_url = runner.get_full_url() if runner.live else ""
    by_day = flow.runner_gifts_by_day(signup) if runner.live else []
    context.update(
        gifts_by_day=by_day,
        gifts_chart=day_chart([(day, cents) for day, _, _, cents in by_day], money=format_cents),
        gifts=gifts,
        raised_cents=totals["raised_cents"],
        donor_count=totals["donor_count"],
        goal_cents=goal,
        percent=percent_of_goal(totals["raised_cents"], goal) if goal else 0,
        carried_miles=list(runner.carried_miles_in_order()),
        milestones=list(runner.milestones.all()),
        page_url=page_url,
        share_links=share_links(page_url, runner.title) if page_url else [],
        # A change waits while its review is in progress (a declined one is no longer the page's draft).
        change_pending=signup.status == RunnerSignup.Status.PUBLISHED and runner.workflow_in_progress,
        story_form=forms.get("story_form") or StoryForm(initial={"why_i_run": signup.why_i_run}),
        goal_form=forms.get("goal_form") or GoalForm(initial={"goal": goal}, event=signup.event),
    )
    return context


TEMPLATE = "stories/runners/dashboard.html"


@signed_in
def dashboard(request, signup):
    context = dashboard_context(signup, gifts_page=request.GET.get("gifts"))
    context["done"] = request.GET.get("done", "")
    return TemplateResponse(request, TEMPLATE, context)


def _too_many(request, signup):
    context = dashboard_context(signup)
    context["too_many"] = True
    return TemplateResponse(request, TEMPLATE, context, status=429)


@require_POST
@signed_in
def change_story(request, signup):
    if signup.runner_id is None:
        raise Http404
    if signup.status == RunnerSignup.Status.DECLINED:
        # The team declined the page: a new story would only ask them again.
        context = dashboard_context(signup)
        context["declined_change"] = True
        return TemplateResponse(request, TEMPLATE, context, status=403)
    if not flow.count_dashboard_action(signup):
        return _too_many(request, signup)
    form = StoryForm(request.POST, request.FILES)
    if not form.is_valid():
        return TemplateResponse(request, TEMPLATE, dashboard_context(signup, story_form=form), status=400)
    flow.submit_story_change(signup, form.cleaned_data["why_i_run"], form.cleaned_data.get("photo") or None)
    return redirect(reverse("runner_dashboard") + "?done=story")


@require_POST
@signed_in
def change_goal(request, signup):
    if signup.runner_id is None or signup.event_id is None:
        raise Http404
    if not flow.count_dashboard_action(signup):
        return _too_many(request, signup)
    form = GoalForm(request.POST, event=signup.event)
    if not form.is_valid():
        return TemplateResponse(request, TEMPLATE, dashboard_context(signup, goal_form=form), status=400)
    flow.set_goal(signup, form.cleaned_data["goal"])
    return redirect(reverse("runner_dashboard") + "?done=goal")


@signed_in
def thank_donor(request, signup, donation_id):
    donation = flow.gift_of_runner(signup, donation_id)
    if donation is None:
        raise Http404
    template = "stories/runners/thank_donor.html"
    context = {"signup": signup, "donation": donation, "form": ThankYouForm()}
    thanked = hasattr(donation, "runner_thanks")
    if request.method != "POST" or thanked or not donation.donor_email:
        return TemplateResponse(request, template, context)
    if not flow.count_dashboard_action(signup):
        context["too_many"] = True
        return TemplateResponse(request, template, context, status=429)
    form = ThankYouForm(request.POST)
    if not form.is_valid():
        context["form"] = form
        return TemplateResponse(request, template, context, status=400)
    flow.thank_donor(signup, donation, form.cleaned_data["message"])
    return redirect(reverse("runner_dashboard") + "?done=thanks")


def _runner_qr(signup):
    if signup.runner_id is None or not signup.runner.live:
        raise Http404
    return segno.make(signup.runner.specific.get_full_url(), error="m")


def _qr_response(request, content, content_type, filename):
    response = HttpResponse(content, content_type=content_type)
    if request.GET.get("download"):
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@signed_in
def qr_code(request, signup):
    """The runner's page address as a QR code: a standalone SVG (made here: no third party) that an
    <img> shows and any program opens, drawn on white so it scans on a dark background too."""
    svg = io.BytesIO()
    # No width or height, only a viewBox: the <img> and a printer scale it without blurring.
    _runner_qr(signup).save(svg, kind="svg", title="QR code", dark="#000", light="#fff", omitsize=True)
    return _qr_response(request, svg.getvalue(), "image/svg+xml", "my-nec-society-page.svg")


@signed_in
def qr_code_png(request, signup):
    """The same QR code as a PNG (10 pixels a module, about 4 cm at 300 dpi) for programs that take no SVG."""
    png = io.BytesIO()
    _runner_qr(signup).save(png, kind="png", scale=10, dark="#000", light="#fff")
    return _qr_response(request, png.getvalue(), "image/png", "my-nec-society-page.png")
