"""OrganisationSettings moves from `home` to `core` with its row: the model takes over the existing
table (state only), then the table is renamed, and the content type follows so that the groups'
permissions on the settings are kept."""

from django.db import migrations, models

from core.content_types import move_content_type


def forwards(apps, schema_editor):
    move_content_type(apps, "home", "core", "organisationsettings")


def backwards(apps, schema_editor):
    move_content_type(apps, "core", "home", "organisationsettings")


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ("home", "0003_help_texts"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
        migrations.CreateModel(
            name='OrganisationSettings',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(default='NEC Society', help_text="The organisation's name.", max_length=120)),
                ('ein', models.CharField(default='47-4458280', help_text='Employer Identification Number, printed on receipts and in the footer.', max_length=20, verbose_name='EIN')),
                ('charity_statement', models.TextField(default='The NEC Society is a 501(c)(3) nonprofit organization. Donations are tax-deductible to the extent allowed by law.', help_text='The 501(c)(3) statement shown in the footer and on receipts.')),
                ('contact_email', models.EmailField(default='hello@necsociety.org', help_text='Public contact address.', max_length=254)),
                ('postal_address', models.TextField(blank=True, help_text='Mailing address, for cheques and letters.')),
                ('facebook_url', models.URLField(blank=True, help_text='Link to the Facebook page.')),
                ('instagram_url', models.URLField(blank=True, help_text='Link to the Instagram profile.')),
                ('x_url', models.URLField(blank=True, help_text='Link to the X profile.', verbose_name='X (Twitter) URL')),
                ('youtube_url', models.URLField(blank=True, help_text='Link to the YouTube channel.')),
            ],
            options={
                'verbose_name': 'organisation',
                'db_table': 'home_organisationsettings',
            },
        ),
            ],
            database_operations=[],
        ),
        migrations.AlterModelTable(name="organisationsettings", table=None),
        migrations.RunPython(forwards, backwards),
    ]
