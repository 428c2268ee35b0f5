"""Seed, snapshot and render a site database, for tests/test_upgrade_from_previous_release.py.

The test runs this file with a release's tree as the working directory and that tree's settings:

    python /path/to/tests/upgrade_snapshot.py seed|snapshot|render OUTPUT.json

The same file runs against the previous release and the code under test, whose apps differ (models
move between apps, fields are renamed), so project models are found by class name, never by import
path. Django is imported inside the functions: it can only be set up once the tree is on sys.path.
"""

import io
import json
import os
import sys
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

PASSWORD = "upgrade-test-password"


def find_model(name):
    """The one installed model with this class name, wherever its app is."""
    from django.apps import apps

    found = [model for model in apps.get_models() if model.__name__ == name]
    if len(found) != 1:
        labels = [model._meta.label for model in found]
        raise LookupError(f"Expected one installed model named {name}, found {len(found)}: {labels}")
    return found[0]


# --- Seed (run with the previous release only) ----------------------------------------------------


def seed():
    """What a year of production adds to the demo campaign: families' submissions with change
    requests, a withdrawal and a moderator's decisions, online, refunded and offline gifts, a
    monthly pledge, staff accounts and permissions, edited settings, a draft, a private page,
    a redirect and image renditions.

    Families' actions go through the previous release's own functions, so the rows are the ones
    the site really writes. If a later release renames these functions, update the imports when
    the test's PREVIOUS_RELEASE moves on.
    """
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group, Permission
    from django.contrib.contenttypes.models import ContentType
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.test import RequestFactory
    from django.utils import timezone
    from PIL import Image as PILImage
    from wagtail.contrib.redirects.models import Redirect
    from wagtail.images import get_image_model
    from wagtail.log_actions import log
    from wagtail.models import PageViewRestriction

    from stories.images import clean_photo
    from stories.submissions import create_submission, request_change, withdraw

    Donation = find_model("Donation")
    EventPage = find_model("EventPage")
    RunnerStoryPage = find_model("RunnerStoryPage")
    TributePage = find_model("TributePage")
    now = timezone.now()

    def permissions(*pairs):
        found = []
        for model_name, action in pairs:
            model = find_model(model_name)
            content_type = ContentType.objects.get_for_model(model)
            found.append(
                Permission.objects.get(content_type=content_type, codename=f"{action}_{model._meta.model_name}")
            )
        return found

    # Staff. Wagtail's migrations create the Moderators group; the site's models add to it.
    User = get_user_model()
    director = User.objects.create_superuser("director", "director@example.org", PASSWORD)
    moderator = User.objects.create_user("moderator", "moderator@example.org", PASSWORD, is_staff=True)
    treasurer = User.objects.create_user("treasurer", "treasurer@example.org", PASSWORD, is_staff=True)
    moderators = Group.objects.get(name="Moderators")
    moderators.permissions.add(
        *permissions(
            ("OrganisationSettings", "change"),
            ("DonationSettings", "change"),
            ("TributeSubmission", "view"),
            ("TributeSubmission", "change"),
            ("TributeChangeRequest", "view"),
            ("TributeChangeRequest", "change"),
            ("MileDedication", "change"),
            ("Donation", "view"),
        )
    )
    moderator.groups.add(moderators)
    fundraising = Group.objects.create(name="Fundraising")
    fundraising.permissions.add(*permissions(("Donation", "view"), ("Donation", "add"), ("MonthlyPledge", "view")))
    treasurer.groups.add(fundraising)
    treasurer.user_permissions.add(*permissions(("Donation", "change"), ("DonationSettings", "change")))

    # Settings edited away from their defaults, with the admin's history of the edits.
    organisation = find_model("OrganisationSettings").load()
    organisation.contact_email = "team@example.org"
    organisation.instagram_url = "https://www.instagram.com/necsociety"
    organisation.youtube_url = "https://www.youtube.com/@necsociety"
    organisation.save()
    log(instance=organisation, action="wagtail.edit", user=director)
    donation_form = find_model("DonationSettings").load()
    donation_form.preset_amounts = "10, 26.20, 262, 1000"
    donation_form.minimum_cents = 1000
    donation_form.fee_percent = Decimal("2.90")
    donation_form.notify_families = True
    donation_form.save()
    log(instance=donation_form, action="wagtail.edit", user=treasurer)

    # Families' tributes, through the previous release's submission code.
    request = RequestFactory().get("/")
    tribute_index = find_model("TributeIndexPage").objects.get()
    upcoming = EventPage.objects.get(slug="cim-next")

    def photo(name, colour):
        buffer = io.BytesIO()
        PILImage.new("RGB", (640, 480), colour).save(buffer, "JPEG")
        return clean_photo(SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg"))

    def submit(baby_name, is_listed, requested_event, photos):
        cleaned = {
            "baby_name": baby_name,
            "story": f"{baby_name} was born at 26 weeks.\n\nWe remember every day.",
            "family_message": "Thank you to the NICU nurses.",
            "is_listed": is_listed,
            "requested_event": requested_event,
            "submitter_name": "Maria Lopez",
            "submitter_email": "maria@example.org",
            "relationship": "Mother",
            "photos": photos,
        }
        submission, _link = create_submission(tribute_index, cleaned, request)
        return submission

    def moderate(submission, action, comment=""):
        task_state = submission.tribute.current_workflow_state.current_task_state
        task_state.task.specific.on_action(task_state, moderator, action, comment=comment)
        submission.refresh_from_db()

    published = submit(
        "Charlotte Grace", True, upcoming, [photo("charlotte.jpg", (200, 120, 160)), photo("2.jpg", (90, 60, 30))]
    )
    request_change(published, "Please spell her middle name Grayce.", request)
    answered = request_change(published, "Please add her birthday.", request)
    answered.handled = True
    answered.save(update_fields=["handled"])
    moderate(published, "approve")
    assert published.status == "published", published.status

    changes_asked = submit("Baby Ruiz", False, None, [photo("ruiz.png", (20, 140, 90))])
    request_change(changes_asked, "Could the photo be the one from her first bath?", request)
    moderate(changes_asked, "reject", comment="Could you tell us her birth date too?")
    assert changes_asked.status == "changes_requested", changes_asked.status

    submit("Oliver James", True, upcoming, [])  # waiting for review

    withdrawn = submit("Noah Bell", True, None, [photo("noah.jpg", (10, 10, 120))])
    Donation.objects.create(page=withdrawn.tribute, amount_cents=2500, source="cheque", donor_name="Noah's aunt")
    request_change(withdrawn, "We would rather take it down.", request)
    withdraw(withdrawn)

    # Gifts: online, refunded, monthly, offline, to the general fund and in a baby's honour.
    cim = EventPage.objects.get(slug="cim-2018")
    runners = list(RunnerStoryPage.objects.child_of(cim).order_by("path"))
    refunded = Donation.objects.create(
        page=runners[0],
        amount_cents=5000,
        source="stripe",
        status="refunded",
        stripe_payment_id="pi_upgrade_refunded",
        stripe_customer_id="cus_upgrade_1",
        donor_name="Casey Refund",
        donor_email="casey@example.org",
        received_at=now - timedelta(days=3),
        refunded_at=now - timedelta(days=1),
    )
    StripeEvent = find_model("StripeEvent")
    StripeEvent.objects.create(
        event_id="evt_upgrade_1", type="payment_intent.succeeded", object_id="pi_upgrade_refunded", donation=refunded
    )
    StripeEvent.objects.create(
        event_id="evt_upgrade_2", type="charge.refunded", object_id="pi_upgrade_refunded", donation=refunded
    )
    Donation.objects.create(
        page=runners[1],
        amount_cents=7500,
        fee_covered_cents=196,
        source="stripe",
        stripe_payment_id="pi_upgrade_paid",
        stripe_customer_id="cus_upgrade_2",
        donor_name="Jordan Online",
        donor_email="jordan@example.org",
        message="Go go go!",
    )
    find_model("MonthlyPledge").objects.create(
        stripe_subscription_id="sub_upgrade_1",
        stripe_customer_id="cus_upgrade_3",
        page=cim,
        amount_cents=2620,
        donor_name="Morgan Monthly",
        donor_email="morgan@example.org",
        fee_covered_cents=88,
    )
    Donation.objects.create(
        page=cim,
        amount_cents=2620,
        fee_covered_cents=88,
        frequency="monthly",
        source="stripe",
        stripe_payment_id="in_upgrade_1",
        stripe_customer_id="cus_upgrade_3",
        stripe_subscription_id="sub_upgrade_1",
        donor_name="Morgan Monthly",
        donor_email="morgan@example.org",
    )
    Donation.objects.create(
        page=TributePage.objects.get(slug="aria-hollis"),
        amount_cents=4000,
        source="cash",
        donor_name="Aria's grandmother",
        tribute_kind="memory",
        tribute_name="Aria Hollis",
    )
    Donation.objects.create(
        page=published.tribute, amount_cents=1500, source="cheque", tribute_kind="honour", tribute_name="Charlotte"
    )
    Donation.objects.create(page=None, amount_cents=10000, source="other", donor_name="General fund donor")

    # A draft waiting on a live page, a private page and a redirect.
    draft = runners[2]
    draft.runner_name += " (draft)"
    draft.save_revision(user=director)
    contact = find_model("StandardPage").objects.get(slug="contact")
    PageViewRestriction.objects.create(page=contact, restriction_type="password", password="members")
    Redirect.objects.create(old_path=Redirect.normalise_path("/cim"), redirect_page=cim)

    # Renditions, as pages being served leave them.
    for image in get_image_model().objects.order_by("id")[:8]:
        image.get_rendition("fill-400x300")
        image.get_rendition("width-800|format-webp")
    return {"submissions": find_model("TributeSubmission").objects.count(), "gifts": Donation.objects.count()}


# --- Snapshot (run with both releases) -------------------------------------------------------------


def plain(obj, field):
    """A field's stored value as JSON: raw StreamField data, ids for foreign keys, text for dates."""
    from wagtail.fields import StreamField

    value = field.value_from_object(obj)
    if isinstance(field, StreamField):
        return None if value is None else list(value.raw_data)
    if value is None or isinstance(value, bool | int | float | str | list | dict):
        return value
    return field.value_to_string(obj)


def row(obj, fields=None, exclude=()):
    fields = obj._meta.concrete_fields if fields is None else fields
    return {field.attname: plain(obj, field) for field in fields if field.attname not in exclude}


def rows(queryset, key=lambda obj: f"#{obj.pk}", **options):
    return {key(obj): row(obj, **options) for obj in queryset}


def type_name(content_type):
    """The model's class name, or what is left of a content type no model answers to any more."""
    model = content_type.model_class() if content_type else None
    return model.__name__ if model else f"stale content type {content_type.app_label}.{content_type.model}"


def permission_label(permission):
    return f"{type_name(permission.content_type)}.{permission.codename}"


def snapshot():
    """Everything a release must carry over, as {section: {key: {field: value}}}."""
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group, Permission
    from django.contrib.contenttypes.models import ContentType
    from django.db.models import Count
    from wagtail.contrib.redirects.models import Redirect
    from wagtail.images import get_image_model
    from wagtail.models import (
        Collection,
        GroupCollectionPermission,
        GroupPagePermission,
        ModelLogEntry,
        Page,
        PageLogEntry,
        PageViewRestriction,
        Revision,
        Site,
        Task,
        TaskState,
        Workflow,
        WorkflowPage,
        WorkflowState,
        WorkflowTask,
    )

    page_type = ContentType.objects.get_for_model(Page)
    revision_counts = dict(
        Revision.objects.filter(base_content_type=page_type)
        .values("object_id")
        .annotate(n=Count("id"))
        .values_list("object_id", "n")
    )
    page_fields = {field.attname for field in Page._meta.concrete_fields}
    pages = {}
    for page in Page.objects.select_related("content_type").order_by("path"):
        entry = {"type": type_name(page.content_type), "revisions": revision_counts.get(str(page.pk), 0)}
        entry.update(row(page, exclude={"content_type_id"}))
        if page.specific_class not in (None, Page):
            specific = page.specific
            entry.update(row(specific, exclude=page_fields | {"page_ptr_id"}))
        pages[f"#{page.pk}"] = entry

    Donation = find_model("Donation")
    # The gift's roll-up was Donation.event (an EventPage); it becomes Donation.rollup_page (any Page).
    rollup_field = next(f for f in ("rollup_page_id", "event_id") if hasattr(Donation, f))
    event_ids = set(find_model("EventPage").objects.values_list("pk", flat=True))
    gifts = {}
    for gift in Donation.objects.order_by("pk"):
        entry = row(gift, exclude={"event_id", "rollup_page_id"})
        rollup = getattr(gift, rollup_field)
        entry["counts_toward_event_id"] = rollup if rollup in event_ids else None
        gifts[f"#{gift.pk}"] = entry

    totals = {}
    designatable = [find_model(name) for name in ("EventPage", "RunnerStoryPage", "TributePage")]
    for model in designatable:
        for page in model.objects.order_by("path"):
            totals[f"{model.__name__} #{page.pk} ({page.title})"] = (
                Donation.objects.counted().for_page(page.pk).totals()
            )
    totals["every counted gift"] = Donation.objects.counted().totals()

    site_settings, setting_tables = {}, {}
    for name in ("OrganisationSettings", "DonationSettings"):
        model = find_model(name)
        setting_tables[name] = {"app_label": model._meta.app_label, "table": model._meta.db_table}
        site_settings.update(rows(model.objects.order_by("pk"), key=lambda obj, name=name: f"{name} #{obj.pk}"))

    Image = get_image_model()
    storage = Image._meta.get_field("file").storage

    def with_file(obj):
        return {**row(obj), "file_exists": storage.exists(obj.file.name)}

    images = {f"#{image.pk}": with_file(image) for image in Image.objects.order_by("pk")}
    Rendition = Image.get_rendition_model()
    renditions = {f"#{rendition.pk}": with_file(rendition) for rendition in Rendition.objects.order_by("pk")}

    User = get_user_model()
    all_permissions = list(Permission.objects.select_related("content_type").order_by("pk"))
    users, user_permissions = {}, {}
    for user in User.objects.order_by("pk"):
        users[user.get_username()] = {
            **row(user),
            "groups": sorted(user.groups.values_list("name", flat=True)),
        }
        # What the user may actually do, asked as the code under test asks it (its app labels).
        for permission in all_permissions:
            model = permission.content_type.model_class()
            if model and user.has_perm(f"{model._meta.app_label}.{permission.codename}"):
                user_permissions[f"{user.get_username()} may {model.__name__}.{permission.codename}"] = {
                    "granted": True
                }

    group_permissions = {}
    for group in Group.objects.order_by("name"):
        for permission in group.permissions.select_related("content_type"):
            group_permissions[f"{group.name}: {permission_label(permission)}"] = {"granted": True}
    for grant in GroupPagePermission.objects.select_related("group", "permission__content_type"):
        key = f"{grant.group.name}: page #{grant.page_id} {permission_label(grant.permission)}"
        group_permissions[key] = {"granted": True}
    for grant in GroupCollectionPermission.objects.select_related("group", "permission__content_type"):
        key = f"{grant.group.name}: collection #{grant.collection_id} {permission_label(grant.permission)}"
        group_permissions[key] = {"granted": True}

    workflows = {}
    for workflow in Workflow.objects.order_by("pk"):
        tasks = WorkflowTask.objects.filter(workflow=workflow).order_by("sort_order")
        workflows[f"workflow #{workflow.pk}"] = {
            **row(workflow),
            "tasks": [link.task.name for link in tasks.select_related("task")],
            "pages": sorted(WorkflowPage.objects.filter(workflow=workflow).values_list("page_id", flat=True)),
        }
    for task in Task.objects.select_related("content_type").order_by("pk"):
        specific = task.specific
        workflows[f"task #{task.pk}"] = {
            **row(task, exclude={"content_type_id"}),
            "type": type_name(task.content_type),
            "groups": sorted(specific.groups.values_list("name", flat=True)) if hasattr(specific, "groups") else [],
        }
    for state in WorkflowState.objects.select_related("content_type", "base_content_type").order_by("pk"):
        workflows[f"workflow state #{state.pk}"] = {
            **row(state, exclude={"content_type_id", "base_content_type_id"}),
            "type": type_name(state.content_type),
        }
    for state in TaskState.objects.select_related("content_type").order_by("pk"):
        workflows[f"task state #{state.pk}"] = {
            **row(state, exclude={"content_type_id", "base_content_type_id"}),
            "type": type_name(state.content_type),
        }

    history = {}
    for entry in ModelLogEntry.objects.select_related("content_type").order_by("pk"):
        history[f"model log #{entry.pk}"] = {
            **row(entry, exclude={"content_type_id"}),
            "type": type_name(entry.content_type),
        }
    for entry in PageLogEntry.objects.select_related("content_type").order_by("pk"):
        history[f"page log #{entry.pk}"] = {
            **row(entry, exclude={"content_type_id"}),
            "type": type_name(entry.content_type),
        }
    for revision in Revision.objects.select_related("content_type").defer("content").order_by("pk"):
        history[f"revision #{revision.pk}"] = {
            **row(revision, exclude={"content_type_id", "base_content_type_id", "content"}),
            "type": type_name(revision.content_type),
        }

    return {
        "pages": pages,
        "sites": rows(Site.objects.order_by("pk")),
        "view_restrictions": rows(PageViewRestriction.objects.order_by("pk")),
        "redirects": rows(Redirect.objects.order_by("pk")),
        "history": history,
        "gifts": gifts,
        "totals": totals,
        "monthly_pledges": rows(find_model("MonthlyPledge").objects.order_by("pk")),
        "stripe_events": rows(find_model("StripeEvent").objects.order_by("pk")),
        "settings": site_settings,
        "collections": rows(Collection.objects.order_by("path")),
        "images": images,
        "renditions": renditions,
        "tribute_photos": rows(find_model("TributePhoto").objects.order_by("pk")),
        "mile_dedications": rows(find_model("MileDedication").objects.order_by("pk")),
        "tribute_submissions": rows(find_model("TributeSubmission").objects.order_by("pk")),
        "tribute_change_requests": rows(find_model("TributeChangeRequest").objects.order_by("pk")),
        "withdrawn_tributes": rows(find_model("WithdrawnTribute").objects.order_by("pk")),
        "users": users,
        "user_permissions": user_permissions,
        "group_permissions": group_permissions,
        "workflows": workflows,
        # Not compared: where things live, for reading a failure.
        "_about": {"settings_tables": setting_tables, "media_root": str(settings.MEDIA_ROOT)},
    }


# --- Render (run with the code under test) ---------------------------------------------------------


def render():
    """Serve the pages a visitor reaches first, and a withdrawn tribute's address."""
    from django.test import Client
    from django.utils.html import escape

    EventPage = find_model("EventPage")
    cim = EventPage.objects.get(slug="cim-2018")
    published = find_model("TributeSubmission").objects.get(status="published").tribute
    pages = {
        "home page": find_model("HomePage").objects.get(),
        "event page": cim,
        "runner page": find_model("RunnerStoryPage").objects.live().child_of(cim).order_by("path").first(),
        "demo tribute page": find_model("TributePage").objects.get(slug="aria-hollis"),
        "submitted tribute page": published,
    }
    client = Client()
    results = {}
    for label, page in pages.items():
        response = client.get(page.url)
        html = response.content.decode()
        results[label] = {"path": page.url, "status": response.status_code, "title_shown": escape(page.title) in html}
    for withdrawn in find_model("WithdrawnTribute").objects.order_by("pk"):
        results[f"withdrawn tribute {withdrawn.path}"] = {
            "path": withdrawn.path,
            "status": client.get(withdrawn.path).status_code,
        }
    return results


def main():
    # The tree under test, not this file's folder: tests/ holds packages named like the apps.
    sys.path[0] = os.getcwd()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "necsociety.settings.dev")
    import django

    django.setup()
    command, output = sys.argv[1], Path(sys.argv[2])
    result = {"seed": seed, "snapshot": snapshot, "render": render}[command]()
    output.write_text(json.dumps(result, indent=1, sort_keys=True, default=str))


if __name__ == "__main__":
    main()
