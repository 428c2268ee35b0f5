"""0008 added `remembrance` with the default "honour": every tribute made before it became "in honour",
even a baby's with a date of death. Those (and their latest drafts, which the editor opens) are in
memory. Going back leaves them as they are."""

from django.db import migrations


def tributes_with_a_death_date_are_in_memory(apps, schema_editor):
    TributePage = apps.get_model("stories", "TributePage")
    ContentType = apps.get_model("contenttypes", "ContentType")
    Revision = apps.get_model("wagtailcore", "Revision")
    page_ids = list(TributePage.objects.filter(died__isnull=False).values_list("pk", flat=True))
    if not page_ids:
        return
    TributePage.objects.filter(pk__in=page_ids).update(remembrance="memory")
    # A revision made before 0008 has no `remembrance`: loaded, it would take the default again.
    tribute_type = ContentType.objects.filter(app_label="stories", model="tributepage").first()
    revisions = Revision.objects.filter(content_type=tribute_type, object_id__in=[str(pk) for pk in page_ids])
    for revision in revisions:
        if revision.content.get("died") and revision.content.get("remembrance", "honour") == "honour":
            revision.content["remembrance"] = "memory"
            revision.save(update_fields=["content"])


class Migration(migrations.Migration):
    dependencies = [
        ("stories", "0014_runner_signup_change_submitted"),
        ("wagtailcore", "0098_apitoken"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(tributes_with_a_death_date_are_in_memory, migrations.RunPython.noop)]
