"""iCalendar (RFC 5545) downloads of events, built with the `icalendar` package."""

import datetime

import icalendar
from django.http import HttpResponse

from core import site_url


def event_to_vevent(event, request):
    vevent = icalendar.Event()
    # A stable UID lets calendar apps update the entry when the event changes rather than duplicate it.
    vevent.add("uid", f"event-{event.pk}@{site_url.hostname()}")
    vevent.add("dtstamp", datetime.datetime.now(datetime.UTC))
    vevent.add("summary", event.title)
    vevent.add("dtstart", event.start.astimezone(datetime.UTC))
    vevent.add("dtend", event.end.astimezone(datetime.UTC))
    vevent.add("location", event.location)
    vevent.add("url", event.get_full_url(request))
    if event.summary:
        vevent.add("description", event.summary)
    if event.last_published_at:
        vevent.add("last-modified", event.last_published_at.astimezone(datetime.UTC))
    return vevent


def ics_response(request, events, filename):
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//NEC Society//Events//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", "NEC Society events")
    for event in events:
        calendar.add_component(event_to_vevent(event, request))
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
