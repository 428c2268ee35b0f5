"""MileDedication has moved to stories (stories 0007 took its table); the body's donation form chooses
among the page types that take gifts."""

import wagtail.fields
from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('stories', '0007_mile_dedications_from_events'),
        ('events', '0005_goals_in_dollars'),
    ]

    operations = [
        migrations.AlterField(
            model_name='eventpage',
            name='body',
            field=wagtail.fields.StreamField([('heading', 2), ('paragraph', 3), ('image', 7), ('quote', 10), ('call_to_action', 16), ('two_columns', 20), ('donation_form', 24)], blank=True, block_lookup={0: ('wagtail.blocks.CharBlock', (), {'help_text': "The heading's words, short and plain.", 'max_length': 120}), 1: ('wagtail.blocks.ChoiceBlock', [], {'choices': [('h2', 'Section heading (H2)'), ('h3', 'Sub-heading (H3)')], 'help_text': 'Use H2 for a new section, H3 inside a section.'}), 2: ('wagtail.blocks.StructBlock', [[('text', 0), ('level', 1)]], {}), 3: ('wagtail.blocks.RichTextBlock', (), {'description': 'Text with links and lists.', 'features': ['bold', 'italic', 'link', 'document-link', 'ol', 'ul', 'h3'], 'icon': 'pilcrow', 'template': 'blocks/paragraph_block.html'}), 4: ('wagtail.images.blocks.ImageChooserBlock', (), {'help_text': 'Choose or upload a photo (at least 1200 pixels wide for full width).'}), 5: ('wagtail.blocks.CharBlock', (), {'help_text': 'Describe the picture for people who cannot see it (required).', 'max_length': 250}), 6: ('wagtail.blocks.CharBlock', (), {'help_text': 'Shown under the image.', 'max_length': 250, 'required': False}), 7: ('wagtail.blocks.StructBlock', [[('image', 4), ('alt_text', 5), ('caption', 6)]], {}), 8: ('wagtail.blocks.TextBlock', (), {'help_text': 'The words quoted, without quotation marks.'}), 9: ('wagtail.blocks.CharBlock', (), {'help_text': 'Who said it.', 'max_length': 120, 'required': False}), 10: ('wagtail.blocks.StructBlock', [[('quote', 8), ('attribution', 9)]], {}), 11: ('wagtail.blocks.CharBlock', (), {'help_text': 'What you are asking readers to do.', 'max_length': 120}), 12: ('wagtail.blocks.TextBlock', (), {'help_text': 'One or two sentences of context.', 'required': False}), 13: ('wagtail.blocks.CharBlock', (), {'help_text': "The button's words, e.g. 'Join the team'.", 'max_length': 40}), 14: ('wagtail.blocks.PageChooserBlock', (), {'help_text': 'A page on this site to link to.', 'required': False}), 15: ('wagtail.blocks.URLBlock', (), {'help_text': 'Or an external address, used when no page is chosen.', 'required': False}), 16: ('wagtail.blocks.StructBlock', [[('heading', 11), ('text', 12), ('button_label', 13), ('page', 14), ('url', 15)]], {}), 17: ('wagtail.blocks.RichTextBlock', (), {'description': 'Text with links and lists.', 'features': ['bold', 'italic', 'link', 'ol', 'ul'], 'icon': 'pilcrow'}), 18: ('wagtail.blocks.StreamBlock', [[('heading', 2), ('paragraph', 17), ('image', 7), ('quote', 10)]], {'help_text': 'Shown first on a phone.'}), 19: ('wagtail.blocks.StreamBlock', [[('heading', 2), ('paragraph', 17), ('image', 7), ('quote', 10)]], {'help_text': 'Shown second on a phone.'}), 20: ('wagtail.blocks.StructBlock', [[('left', 18), ('right', 19)]], {}), 21: ('wagtail.blocks.CharBlock', (), {'default': 'Give now', 'help_text': "The form's heading.", 'max_length': 120}), 22: ('wagtail.blocks.TextBlock', (), {'help_text': 'A sentence on what the gift makes possible.', 'required': False}), 23: ('donations.blocks.DesignationChooserBlock', (), {'help_text': 'The event, runner or tribute the gift is for. Empty: the page the form stands on, if it takes gifts, otherwise the general fund.', 'required': False}), 24: ('wagtail.blocks.StructBlock', [[('heading', 21), ('introduction', 22), ('designation', 23)]], {})}, help_text="The event's story: what, why, how to take part."),
        ),
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name='MileDedication')],
            database_operations=[],
        ),
    ]
