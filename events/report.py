"""The campaign report (admin → Reports → Campaign report): for an event and a date range, what came in each
day against the goal, by designation (the event's own page and each runner, who are the pages under it),
one-time against monthly, new and failing monthly gifts, and the same as CSV.

Every figure is summed by the database (a fixed number of queries whatever the number of gifts); the
ledger's own questions (which gifts count, which pages roll up to the event) are the donations app's."""

import csv
import datetime

from django import forms
from django.db.models import Count, Q, Sum
from django.db.models.functions import TruncDate
from django.http import HttpResponse
from django.urls import reverse_lazy
from django.utils import timezone
from django.views.generic import TemplateView
from wagtail.admin.auth import PermissionPolicyChecker
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.models import Page
from wagtail.permission_policies import ModelPermissionPolicy

from core.charts import day_chart
from donations.export import neutralise_formula
from donations.fields import format_cents
from donations.models import Donation, MonthlyPledge, percent_of_goal

from .models import EventPage

PERMISSION = "donations.view_donation"
permission_checker = PermissionPolicyChecker(ModelPermissionPolicy(Donation))


class CampaignReportForm(forms.Form):
    event = forms.ModelChoiceField(queryset=EventPage.objects.order_by("-start"), empty_label=None)
    start = forms.DateField(label="From", widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label="To (included)", widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["start"] > data["end"]:
            raise forms.ValidationError("The first day must come before the last.")
        return data


def default_range(event):
    """Eight weeks before race day to the day after it: a campaign's gifts come in before the start line."""
    race_day = timezone.localdate(event.start)
    return race_day - datetime.timedelta(weeks=8), timezone.localdate(event.end) + datetime.timedelta(days=1)


def campaign_figures(event, start, end):
    """Everything the report shows for `event` between the days `start` and `end` (both included, in the
    organisation's time zone)."""
    tz = timezone.get_current_timezone()
    since = datetime.datetime.combine(start, datetime.time.min, tzinfo=tz)
    until = datetime.datetime.combine(end + datetime.timedelta(days=1), datetime.time.min, tzinfo=tz)
    gifts = Donation.objects.counted().for_page(event.pk)
    in_range = gifts.filter(received_at__gte=since, received_at__lt=until)
    by_day = list(
        in_range.annotate(day=TruncDate("received_at"))
        .values("day")
        .annotate(gifts=Count("id"), cents=Sum("amount_cents"))
        .order_by("day")
        .values_list("day", "gifts", "cents")
    )
    period = in_range.totals()
    overall = gifts.totals()
    by_page = {
        page_id: (count, cents)
        for page_id, count, cents in in_range.values("page_id")
        .annotate(gifts=Count("id"), cents=Sum("amount_cents"))
        .values_list("page_id", "gifts", "cents")
    }
    runners = list(Page.objects.child_of(event).specific().order_by("title"))
    designations = [("The event's own page", event, *by_page.get(event.pk, (0, 0)), event.goal_cents)]
    designations += sorted(
        (
            (runner.title, runner, *by_page.get(runner.pk, (0, 0)), getattr(runner, "goal_cents", None))
            for runner in runners
        ),
        key=lambda row: (-row[3], row[0]),
    )
    frequencies = {
        frequency: (count, cents)
        for frequency, count, cents in in_range.values("frequency")
        .annotate(gifts=Count("id"), cents=Sum("amount_cents"))
        .values_list("frequency", "gifts", "cents")
    }
    pledges = MonthlyPledge.objects.filter(Q(page_id=event.pk) | Q(page__in=Page.objects.child_of(event)))
    new_pledges = list(
        pledges.filter(started_at__gte=since, started_at__lt=until).select_related("page").order_by("started_at")
    )
    failing = list(
        pledges.filter(failing_since__isnull=False, ended_at__isnull=True)
        .select_related("page")
        .order_by("failing_since")
    )
    return {
        "event": event,
        "start": start,
        "end": end,
        "by_day": by_day,
        "period": period,
        "overall": overall,
        "goal_cents": event.goal_cents,
        "percent": percent_of_goal(overall["raised_cents"], event.goal_cents) if event.goal_cents else None,
        "designations": [
            {
                "title": title,
                "page": page,
                "gifts": count,
                "cents": cents,
                "goal_cents": goal,
                "percent": percent_of_goal(cents, goal) if goal else None,
            }
            for title, page, count, cents, goal in designations
        ],
        "one_time": frequencies.get("one_time", (0, 0)),
        "monthly": frequencies.get("monthly", (0, 0)),
        "new_pledges": new_pledges,
        "failing_pledges": failing,
        "chart": day_chart(
            [(day, cents) for day, _, cents in by_day],
            first=start,
            last=end,
            goal=event.goal_cents,
            running_total=True,
            money=format_cents,
        ),
    }


def _dollars(cents):
    return f"{(cents or 0) / 100:.2f}"


def csv_rows(figures):
    """The report as one table: section, item, gifts, amount in dollars (and the goal where there is one)."""
    yield ["Section", "Item", "Gifts", "Amount", "Goal"]
    goal = _dollars(figures["goal_cents"]) if figures["goal_cents"] else ""
    yield [
        "Total in the dates",
        f"{figures['start']} to {figures['end']}",
        figures["period"]["gift_count"],
        _dollars(figures["period"]["raised_cents"]),
        goal,
    ]
    yield [
        "Total since the start",
        figures["event"].title,
        figures["overall"]["gift_count"],
        _dollars(figures["overall"]["raised_cents"]),
        goal,
    ]
    for day, count, cents in figures["by_day"]:
        yield ["By day", day.isoformat(), count, _dollars(cents), ""]
    for row in figures["designations"]:
        yield [
            "By designation",
            row["title"],
            row["gifts"],
            _dollars(row["cents"]),
            _dollars(row["goal_cents"]) if row["goal_cents"] else "",
        ]
    yield ["One-time or monthly", "One-time", figures["one_time"][0], _dollars(figures["one_time"][1]), ""]
    yield ["One-time or monthly", "Monthly", figures["monthly"][0], _dollars(figures["monthly"][1]), ""]
    for pledge in figures["new_pledges"]:
        yield [
            "New monthly gift",
            f"{pledge.donor_name} ({timezone.localdate(pledge.started_at)})",
            1,
            _dollars(pledge.amount_cents),
            "",
        ]
    for pledge in figures["failing_pledges"]:
        yield [
            "Failing monthly gift",
            f"{pledge.donor_name} (failing since {timezone.localdate(pledge.failing_since)})",
            1,
            _dollars(pledge.amount_cents),
            "",
        ]


class CampaignReportView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "events/admin/campaign_report.html"
    page_title = "Campaign report"
    header_icon = "table"
    breadcrumbs_items = [
        {"url": reverse_lazy("wagtailadmin_home"), "label": "Home"},
        {"url": "", "label": "Campaign report"},
    ]

    def get(self, request, *args, **kwargs):
        event = (
            EventPage.objects.filter(pk=request.GET.get("event")).first()
            if request.GET.get("event", "").isdigit()
            else None
        )
        event = event or EventPage.objects.order_by("-start").first()
        if event is None:
            return self.render_to_response(self.get_context_data(form=None, figures=None))
        start, end = default_range(event)
        # Dates chosen for another event (the form's event was just changed) give way to this one's campaign.
        if request.GET.get("dates_for", str(event.pk)) == str(event.pk):
            start, end = request.GET.get("start") or start, request.GET.get("end") or end
        form = CampaignReportForm({"event": event.pk, "start": start, "end": end})
        figures = (
            campaign_figures(event, form.cleaned_data["start"], form.cleaned_data["end"]) if form.is_valid() else None
        )
        if figures and request.GET.get("export") == "csv":
            response = HttpResponse(content_type="text/csv")
            response["Content-Disposition"] = (
                f'attachment; filename="campaign-report-{event.slug}-{figures["start"]}-{figures["end"]}.csv"'
            )
            writer = csv.writer(response)
            for row in csv_rows(figures):
                writer.writerow([neutralise_formula(value) if isinstance(value, str) else value for value in row])
            return response
        return self.render_to_response(self.get_context_data(form=form, figures=figures))


campaign_report = permission_checker.require("view")(CampaignReportView.as_view())
