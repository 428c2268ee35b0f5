"""Refunds from the admin: the `refund_donation` permission, staff's refund requests and the ledger's
refunds. Groups that may already change donations (a treasurer's) are given the permission; superusers
have it; any other group gets it in Settings → Groups."""

import django.db.models.deletion
import django.utils.timezone
import donations.fields
from django.conf import settings
from django.db import migrations, models


def grant_to_groups_that_change_donations(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    content_type, _ = ContentType.objects.get_or_create(app_label="donations", model="donation")
    # Permissions are otherwise created after the whole migrate run: make this one now to grant it.
    refund, _ = Permission.objects.get_or_create(
        content_type=content_type, codename="refund_donation", defaults={"name": "Can refund a gift through Stripe"}
    )
    for group in Group.objects.filter(permissions__content_type=content_type, permissions__codename="change_donation"):
        group.permissions.add(refund)


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    Permission.objects.filter(content_type__app_label="donations", codename="refund_donation").delete()


class Migration(migrations.Migration):

    dependencies = [
        ('donations', '0009_dedication_cards'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name='donation',
            options={'ordering': ['-received_at'], 'permissions': [('refund_donation', 'Can refund a gift through Stripe')]},
        ),
        migrations.CreateModel(
            name='Refund',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('amount_cents', donations.fields.CentsField(help_text='What this refund gave back.', verbose_name='amount (US dollars)')),
                ('left_cents', donations.fields.CentsField(help_text='What the gift still counts after it.', verbose_name='left (US dollars)')),
                ('recorded_at', models.DateTimeField(default=django.utils.timezone.now, help_text='When the ledger recorded it.')),
                ('notice_sent_at', models.DateTimeField(blank=True, editable=False, null=True)),
                ('donation', models.ForeignKey(help_text='The gift the money came from.', on_delete=django.db.models.deletion.CASCADE, related_name='refunds', to='donations.donation')),
            ],
            options={
                'ordering': ['recorded_at'],
            },
        ),
        migrations.CreateModel(
            name='RefundRequest',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('token', models.UUIDField(editable=False, help_text='Names the request in its idempotency key.', unique=True)),
                ('amount_cents', donations.fields.CentsField(help_text='How much staff asked Stripe to give back.', verbose_name='amount (US dollars)')),
                ('reason', models.CharField(choices=[('requested_by_customer', 'The donor asked for it'), ('duplicate', 'A duplicate gift'), ('fraudulent', 'Fraudulent (a stolen card)')], help_text='The reason Stripe is given.', max_length=30)),
                ('note', models.CharField(blank=True, help_text="Staff's own note; kept here, never sent to Stripe.", max_length=500)),
                ('requested_at', models.DateTimeField(default=django.utils.timezone.now, help_text='When it was confirmed.')),
                ('status', models.CharField(choices=[('sending', 'Not confirmed by Stripe'), ('accepted', 'Accepted by Stripe'), ('refused', 'Refused by Stripe')], default='sending', help_text="What Stripe answered; the ledger counts the refund when Stripe's charge.refunded arrives.", max_length=10)),
                ('stripe_refund_id', models.CharField(blank=True, help_text="Stripe's refund (re_).", max_length=255)),
                ('error', models.CharField(blank=True, help_text='What Stripe answered, if it refused.', max_length=500)),
                ('donation', models.ForeignKey(help_text='The gift to refund.', on_delete=django.db.models.deletion.CASCADE, related_name='refund_requests', to='donations.donation')),
                ('requested_by', models.ForeignKey(blank=True, help_text='The staff member who confirmed it.', null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'ordering': ['-requested_at'],
            },
        ),
        migrations.RunPython(grant_to_groups_that_change_donations, revoke),
    ]
