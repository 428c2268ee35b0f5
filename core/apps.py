from django.apps import AppConfig


class CoreConfig(AppConfig):
    """The kernel every app of the site builds on; it imports no app of the project."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "core"
    verbose_name = "Core: shared building blocks"

    def ready(self):
        from django.db.models.signals import post_migrate

        from . import queries, site_url

        queries.connect_signals()
        # Once per `migrate`: core is migrated with the rest, after Wagtail has created its Site.
        post_migrate.connect(site_url.apply_to_default_site, sender=self, dispatch_uid="core.apply_site_url")
