"""MileDedication moves from `events` to `stories` with its rows: the model takes over the existing
table (state only), then the table is renamed and the content type follows. The bodies' donation
form now chooses among the page types that take gifts."""

import django.db.models.deletion
import modelcluster.fields
import wagtail.fields
from django.db import migrations, models

from core.content_types import move_content_type


def forwards(apps, schema_editor):
    move_content_type(apps, "events", "stories", "milededication")


def backwards(apps, schema_editor):
    move_content_type(apps, "stories", "events", "milededication")


class Migration(migrations.Migration):

    dependencies = [
        ('events', '0005_goals_in_dollars'),
        ('contenttypes', '0002_remove_content_type_name'),
        ('stories', '0006_goals_in_dollars'),
    ]

    operations = [
        migrations.AlterField(
            model_name='runnerstorypage',
            name='story',
            field=wagtail.fields.StreamField([('heading', 2), ('paragraph', 3), ('image', 7), ('quote', 10), ('call_to_action', 16), ('two_columns', 20), ('donation_form', 24)], blank=True, block_lookup={0: ('wagtail.blocks.CharBlock', (), {'help_text': "The heading's words, short and plain.", 'max_length': 120}), 1: ('wagtail.blocks.ChoiceBlock', [], {'choices': [('h2', 'Section heading (H2)'), ('h3', 'Sub-heading (H3)')], 'help_text': 'Use H2 for a new section, H3 inside a section.'}), 2: ('wagtail.blocks.StructBlock', [[('text', 0), ('level', 1)]], {}), 3: ('wagtail.blocks.RichTextBlock', (), {'description': 'Text with links and lists.', 'features': ['bold', 'italic', 'link', 'document-link', 'ol', 'ul', 'h3'], 'icon': 'pilcrow', 'template': 'blocks/paragraph_block.html'}), 4: ('wagtail.images.blocks.ImageChooserBlock', (), {'help_text': 'Choose or upload a photo (at least 1200 pixels wide for full width).'}), 5: ('wagtail.blocks.CharBlock', (), {'help_text': 'Describe the picture for people who cannot see it (required).', 'max_length': 250}), 6: ('wagtail.blocks.CharBlock', (), {'help_text': 'Shown under the image.', 'max_length': 250, 'required': False}), 7: ('wagtail.blocks.StructBlock', [[('image', 4), ('alt_text', 5), ('caption', 6)]], {}), 8: ('wagtail.blocks.TextBlock', (), {'help_text': 'The words quoted, without quotation marks.'}), 9: ('wagtail.blocks.CharBlock', (), {'help_text': 'Who said it.', 'max_length': 120, 'required': False}), 10: ('wagtail.blocks.StructBlock', [[('quote', 8), ('attribution', 9)]], {}), 11: ('wagtail.blocks.CharBlock', (), {'help_text': 'What you are asking readers to do.', 'max_length': 120}), 12: ('wagtail.blocks.TextBlock', (), {'help_text': 'One or two sentences of context.', 'required': False}), 13: ('wagtail.blocks.CharBlock', (), {'help_text': "The button's words, e.g. 'Join the team'.", 'max_length': 40}), 14: ('wagtail.blocks.PageChooserBlock', (), {'help_text': 'A page on this site to link to.', 'required': False}), 15: ('wagtail.blocks.URLBlock', (), {'help_text': 'Or an external address, used when no page is chosen.', 'required': False}), 16: ('wagtail.blocks.StructBlock', [[('heading', 11), ('text', 12), ('button_label', 13), ('page', 14), ('url', 15)]], {}), 17: ('wagtail.blocks.RichTextBlock', (), {'description': 'Text with links and lists.', 'features': ['bold', 'italic', 'link', 'ol', 'ul'], 'icon': 'pilcrow'}), 18: ('wagtail.blocks.StreamBlock', [[('heading', 2), ('paragraph', 17), ('image', 7), ('quote', 10)]], {'help_text': 'Shown first on a phone.'}), 19: ('wagtail.blocks.StreamBlock', [[('heading', 2), ('paragraph', 17), ('image', 7), ('quote', 10)]], {'help_text': 'Shown second on a phone.'}), 20: ('wagtail.blocks.StructBlock', [[('left', 18), ('right', 19)]], {}), 21: ('wagtail.blocks.CharBlock', (), {'default': 'Give now', 'help_text': "The form's heading.", 'max_length': 120}), 22: ('wagtail.blocks.TextBlock', (), {'help_text': 'A sentence on what the gift makes possible.', 'required': False}), 23: ('donations.blocks.DesignationChooserBlock', (), {'help_text': 'The event, runner or tribute the gift is for. Empty: the page the form stands on, if it takes gifts, otherwise the general fund.', 'required': False}), 24: ('wagtail.blocks.StructBlock', [[('heading', 21), ('introduction', 22), ('designation', 23)]], {})}, help_text="Why I run: the runner's own words."),
        ),
        migrations.AlterField(
            model_name='tributepage',
            name='story',
            field=wagtail.fields.StreamField([('heading', 2), ('paragraph', 3), ('image', 7), ('quote', 10), ('call_to_action', 16), ('two_columns', 20), ('donation_form', 24)], blank=True, block_lookup={0: ('wagtail.blocks.CharBlock', (), {'help_text': "The heading's words, short and plain.", 'max_length': 120}), 1: ('wagtail.blocks.ChoiceBlock', [], {'choices': [('h2', 'Section heading (H2)'), ('h3', 'Sub-heading (H3)')], 'help_text': 'Use H2 for a new section, H3 inside a section.'}), 2: ('wagtail.blocks.StructBlock', [[('text', 0), ('level', 1)]], {}), 3: ('wagtail.blocks.RichTextBlock', (), {'description': 'Text with links and lists.', 'features': ['bold', 'italic', 'link', 'document-link', 'ol', 'ul', 'h3'], 'icon': 'pilcrow', 'template': 'blocks/paragraph_block.html'}), 4: ('wagtail.images.blocks.ImageChooserBlock', (), {'help_text': 'Choose or upload a photo (at least 1200 pixels wide for full width).'}), 5: ('wagtail.blocks.CharBlock', (), {'help_text': 'Describe the picture for people who cannot see it (required).', 'max_length': 250}), 6: ('wagtail.blocks.CharBlock', (), {'help_text': 'Shown under the image.', 'max_length': 250, 'required': False}), 7: ('wagtail.blocks.StructBlock', [[('image', 4), ('alt_text', 5), ('caption', 6)]], {}), 8: ('wagtail.blocks.TextBlock', (), {'help_text': 'The words quoted, without quotation marks.'}), 9: ('wagtail.blocks.CharBlock', (), {'help_text': 'Who said it.', 'max_length': 120, 'required': False}), 10: ('wagtail.blocks.StructBlock', [[('quote', 8), ('attribution', 9)]], {}), 11: ('wagtail.blocks.CharBlock', (), {'help_text': 'What you are asking readers to do.', 'max_length': 120}), 12: ('wagtail.blocks.TextBlock', (), {'help_text': 'One or two sentences of context.', 'required': False}), 13: ('wagtail.blocks.CharBlock', (), {'help_text': "The button's words, e.g. 'Join the team'.", 'max_length': 40}), 14: ('wagtail.blocks.PageChooserBlock', (), {'help_text': 'A page on this site to link to.', 'required': False}), 15: ('wagtail.blocks.URLBlock', (), {'help_text': 'Or an external address, used when no page is chosen.', 'required': False}), 16: ('wagtail.blocks.StructBlock', [[('heading', 11), ('text', 12), ('button_label', 13), ('page', 14), ('url', 15)]], {}), 17: ('wagtail.blocks.RichTextBlock', (), {'description': 'Text with links and lists.', 'features': ['bold', 'italic', 'link', 'ol', 'ul'], 'icon': 'pilcrow'}), 18: ('wagtail.blocks.StreamBlock', [[('heading', 2), ('paragraph', 17), ('image', 7), ('quote', 10)]], {'help_text': 'Shown first on a phone.'}), 19: ('wagtail.blocks.StreamBlock', [[('heading', 2), ('paragraph', 17), ('image', 7), ('quote', 10)]], {'help_text': 'Shown second on a phone.'}), 20: ('wagtail.blocks.StructBlock', [[('left', 18), ('right', 19)]], {}), 21: ('wagtail.blocks.CharBlock', (), {'default': 'Give now', 'help_text': "The form's heading.", 'max_length': 120}), 22: ('wagtail.blocks.TextBlock', (), {'help_text': 'A sentence on what the gift makes possible.', 'required': False}), 23: ('donations.blocks.DesignationChooserBlock', (), {'help_text': 'The event, runner or tribute the gift is for. Empty: the page the form stands on, if it takes gifts, otherwise the general fund.', 'required': False}), 24: ('wagtail.blocks.StructBlock', [[('heading', 21), ('introduction', 22), ('designation', 23)]], {})}, help_text="The family's story, in their words."),
        ),
        migrations.SeparateDatabaseAndState(
            state_operations=[
        migrations.CreateModel(
            name='MileDedication',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('sort_order', models.IntegerField(blank=True, editable=False, null=True)),
                ('mile', models.PositiveSmallIntegerField(choices=[(1, 'Mile 1'), (2, 'Mile 2'), (3, 'Mile 3'), (4, 'Mile 4'), (5, 'Mile 5'), (6, 'Mile 6'), (7, 'Mile 7'), (8, 'Mile 8'), (9, 'Mile 9'), (10, 'Mile 10'), (11, 'Mile 11'), (12, 'Mile 12'), (13, 'Mile 13'), (14, 'Mile 14'), (15, 'Mile 15'), (16, 'Mile 16'), (17, 'Mile 17'), (18, 'Mile 18'), (19, 'Mile 19'), (20, 'Mile 20'), (21, 'Mile 21'), (22, 'Mile 22'), (23, 'Mile 23'), (24, 'Mile 24'), (25, 'Mile 25'), (26, 'Mile 26'), (27, 'The final 0.2')], help_text='The mile of the course dedicated to this baby.')),
                ('event', modelcluster.fields.ParentalKey(on_delete=django.db.models.deletion.CASCADE, related_name='miles', to='events.eventpage')),
                ('runner', models.ForeignKey(blank=True, help_text="Optionally, the runner who carries this baby's name on their bracelet.", null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='carried_miles', to='stories.runnerstorypage')),
                ('tribute', models.ForeignKey(help_text='The family tribute page of the baby this mile honours.', on_delete=django.db.models.deletion.CASCADE, related_name='mile_dedications', to='stories.tributepage')),
            ],
            options={
                'verbose_name': 'mile dedication',
                'ordering': ['mile'],
                'abstract': False,
                'constraints': [models.UniqueConstraint(fields=('event', 'mile'), name='one_dedication_per_mile_per_event')],
                'db_table': 'events_milededication',
            },
        ),
            ],
            database_operations=[],
        ),
        migrations.AlterModelTable(name='milededication', table=None),
        migrations.RunPython(forwards, backwards),
    ]
