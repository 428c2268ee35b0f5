"""Wagtail's preview looks like the public page: same template, same stylesheet, same heading, and
the donation slot renders (no call to Stripe) even for a page that was never saved."""

import re

from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.urls import reverse
from wagtail.fields import StreamField
from wagtail.models import Page, get_page_models
from wagtail.test.utils.form_data import querydict_from_html

from events.models import EventIndexPage, EventPage
from stories.models import RunnerStoryPage, TributeIndexPage, TributePage
from tests.factories.donations import OfflineDonationFactory
from tests.support.databases import DemoCampaignTestCase

STYLESHEET = re.compile(r'<link rel="stylesheet" href="([^"]*site[^"]*\.css)"')
H1 = re.compile(r"<h1[^>]*>(.*?)</h1>", re.S)


def one_h1(html):
    headings = H1.findall(html)
    assert len(headings) == 1, headings
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", headings[0])).strip()


def preview(client, post_url, form_html, model, mode="", **changes):
    """What the editor's preview panel does: send the form as it stands, then load the preview.

    StreamFields are drawn by the editor's JavaScript, which a test client does not run: they are
    sent empty here (their blocks' templates are exercised by the public pages' tests).
    """
    data = querydict_from_html(form_html, form_id="page-edit-form")
    # A browser sends "on" for a ticked box without a value; Wagtail's helper sends "", read as unticked.
    for box in BeautifulSoup(form_html, "html.parser").select("input[type=checkbox][checked]:not([value])"):
        data[box["name"]] = "on"
    for field in model._meta.get_fields():
        if isinstance(field, StreamField):
            data[f"{field.name}-count"] = "0"
    for name, value in changes.items():
        data[name] = value
    state = client.post(post_url, data, QUERY_STRING=f"mode={mode}")
    assert state.status_code == 200
    assert state.json() == {"is_valid": True, "is_available": True}
    return client.get(post_url, {"mode": mode})


def preview_saved(client, page, mode="", **changes):
    """The preview of a saved page, from its edit form."""
    form_html = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk])).content.decode()
    post_url = reverse("wagtailadmin_pages:preview_on_edit", args=[page.pk])
    return preview(client, post_url, form_html, page.specific_class, mode, **changes)


NEW_PAGES = [
    (
        EventPage,
        lambda: EventIndexPage.objects.get(),
        {
            "title": "Relay for NEC",
            "slug": "relay-for-nec",
            "start": "2031-05-01 09:00",
            "end": "2031-05-01 15:00",
            "venue": "Golden Gate Park",
        },
    ),
    (
        RunnerStoryPage,
        lambda: EventPage.objects.live().order_by("path").first(),
        {"title": "Sam: why I run", "slug": "sam", "runner_name": "Sam Okafor"},
    ),
    (
        TributePage,
        lambda: TributeIndexPage.objects.get(),
        {"title": "Baby Noor", "slug": "baby-noor", "baby_name": "Baby Noor", "remembrance": "honour"},
    ),
]


class PreviewTests(DemoCampaignTestCase):
    def setUp(self):
        self.client.force_login(get_user_model().objects.create_superuser("editor", "editor@example.org", "pw"))

    def test_preview_of_each_demo_page_type_matches_the_public_page(self):
        for model in [model for model in get_page_models() if model is not Page]:
            with self.subTest(model=model.__name__):
                page = model.objects.live().order_by("path").first()
                assert page is not None, f"the demo content has no {model.__name__}"
                public = self.client.get(page.url)
                assert public.status_code == 200

                shown = preview_saved(self.client, page)

                assert shown.status_code == 200
                public_html, preview_html = public.content.decode(), shown.content.decode()
                assert STYLESHEET.findall(preview_html) == STYLESHEET.findall(public_html) != []
                assert one_h1(preview_html) == one_h1(public_html)
                # A saved page's preview carries the donation form as the public page does.
                assert ("data-totals-url" in preview_html) == ("data-totals-url" in public_html)

    def test_preview_shows_unsaved_changes(self):
        event = EventPage.objects.live().order_by("path").first()
        shown = preview_saved(self.client, event, title="CIM: the draft title")
        assert one_h1(shown.content.decode()) == "CIM: the draft title"

    def test_preview_of_a_page_never_saved_shows_where_the_form_will_stand_without_others_gifts(self):
        OfflineDonationFactory(amount_cents=777_700, donor_name="General Fund Giver")
        for model, parent, fields in NEW_PAGES:
            with self.subTest(model=model.__name__):
                parent_page = parent()
                label, name = model._meta.app_label, model._meta.model_name
                shown = preview(
                    self.client,
                    reverse("wagtailadmin_pages:preview_on_add", args=[label, name, parent_page.pk]),
                    self.client.get(
                        reverse("wagtailadmin_pages:add", args=[label, name, parent_page.pk])
                    ).content.decode(),
                    model,
                    **fields,
                )

                assert shown.status_code == 200
                html = shown.content.decode()
                assert one_h1(html) in (fields["title"], fields.get("baby_name"))
                assert STYLESHEET.findall(html) != []
                assert (
                    "the donation form, designated to this page, and its progress appear here once the page is saved"
                    in html
                )
                assert "$7,777" not in html and "General Fund Giver" not in html

    def test_a_tribute_previews_as_its_card_in_the_family_tributes_list(self):
        tribute = TributePage.objects.live().filter(is_listed=True).order_by("path").first()
        others = TributePage.objects.live().filter(is_listed=True).exclude(pk=tribute.pk)
        shown = preview_saved(self.client, tribute, mode="listing", baby_name="Baby Renamed")

        html = shown.content.decode()
        assert one_h1(html) == TributeIndexPage.objects.get().title
        assert "Baby Renamed" in html
        assert not any(other.baby_name in html for other in others)

    def test_an_unlisted_tribute_previews_as_absent_from_the_family_tributes_list(self):
        tribute = TributePage.objects.live().filter(is_listed=False).order_by("path").first()
        listed = TributePage.objects.live().filter(is_listed=True).order_by("baby_name").first()
        shown = preview_saved(self.client, tribute, mode="listing")

        html = shown.content.decode()
        # The family chose not to be listed: the editor sees the list readers see, without this baby.
        assert one_h1(html) == TributeIndexPage.objects.get().title
        assert tribute.baby_name not in html
        assert listed.baby_name in html
