"""Donation.event (a foreign key to the event page) becomes Donation.rollup_page, a foreign key to
any page: the page whose total also counts the gift. The column is renamed, not recreated, so every
value is kept, and the values already mean the same thing: an event page's id is its page id, and a
gift to an event or to one of its runners rolls up to that event."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('donations', '0003_amounts_in_dollars'),
        migrations.swappable_dependency(settings.WAGTAIL_PAGE_MODEL),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name='donation',
            name='donation_event_status',
        ),
        migrations.RenameField(model_name='donation', old_name='event', new_name='rollup_page'),
        migrations.AlterField(
            model_name='donation',
            name='rollup_page',
            field=models.ForeignKey(blank=True, editable=False, help_text="The page whose total also counts this gift (an event, for its own and its runners' gifts). Set automatically.", null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.WAGTAIL_PAGE_MODEL, verbose_name='counts toward'),
        ),
        migrations.AddIndex(
            model_name='donation',
            index=models.Index(fields=['rollup_page', 'status'], name='donation_rollup_status'),
        ),
    ]
