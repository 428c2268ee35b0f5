"""The staff's list of Stripe events needing attention: events the ledger kept aside because it
could not apply them (an error of the event's own, or an API version it does not read). Stripe was
answered 2xx, so it will not send them again by itself: staff fix the cause, then try them again here."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse

from .ledger import TRANSIENT_FAULTS, RetryLater, retry_event
from .models import StripeEvent

SHOWN = 200


def events_needing_attention():
    return StripeEvent.objects.filter(needs_attention=True)


@permission_required("donations.change_donation", raise_exception=True)
def events_needing_attention_view(request):
    if request.method == "POST":
        record = events_needing_attention().filter(pk=request.POST.get("event", "")[:20] or None).first()
        if record is None:
            messages.info(request, "That event no longer needs attention: it was applied meanwhile.")
            return redirect("donations_stripe_events_needing_attention")
        try:
            outcome = retry_event(record.pk)
        except RetryLater as wait:
            messages.warning(request, f"Event {record.event_id} waits for another Stripe event first ({wait}).")
        except TRANSIENT_FAULTS:
            messages.error(request, "The database did not answer. Nothing was changed; please try again shortly.")
        else:
            record.refresh_from_db()
            if outcome is None or not record.needs_attention:
                messages.success(request, f"Event {record.event_id} applied: {outcome or record.outcome}.")
            else:
                messages.error(request, f"Event {record.event_id} could not be applied: {record.outcome}")
        return redirect("donations_stripe_events_needing_attention")
    return TemplateResponse(
        request,
        "donations/admin/stripe_events_needing_attention.html",
        {
            "events": events_needing_attention().order_by("received_at")[:SHOWN],
            "count": events_needing_attention().count(),
            "header_title": "Stripe events needing attention",
        },
    )


def admin_urls():
    return [
        path(
            "donations/stripe-events-needing-attention/",
            events_needing_attention_view,
            name="donations_stripe_events_needing_attention",
        )
    ]


def admin_url():
    return reverse("donations_stripe_events_needing_attention")
