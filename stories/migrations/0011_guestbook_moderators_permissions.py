"""The Moderators group may see, moderate and delete guestbook messages (Django permissions, shown in
Settings → Groups, where other groups can be given them too)."""

from django.db import migrations

CODENAMES = {
    "view_guestbookmessage": "Can view guestbook message",
    "moderate_guestbookmessage": "Can approve or decline guestbook messages",
    "delete_guestbookmessage": "Can delete guestbook message",
}


def grant_moderators(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    content_type, _ = ContentType.objects.get_or_create(app_label="stories", model="guestbookmessage")
    # Permissions are otherwise created after the whole migrate run: make these now to grant them.
    permissions = [
        Permission.objects.get_or_create(content_type=content_type, codename=codename, defaults={"name": name})[0]
        for codename, name in CODENAMES.items()
    ]
    for group in Group.objects.filter(name="Moderators"):
        group.permissions.add(*permissions)


def revoke_moderators(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permissions = Permission.objects.filter(content_type__app_label="stories", codename__in=CODENAMES)
    for group in Group.objects.filter(name="Moderators"):
        group.permissions.remove(*permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("stories", "0010_guestbook_messages"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("wagtailcore", "0002_initial_data"),  # creates the Moderators group
    ]

    operations = [migrations.RunPython(grant_moderators, revoke_moderators)]
