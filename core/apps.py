from django.apps import AppConfig
from django.core.management import call_command
from django.db.models.signals import post_migrate


def create_cache_tables(using="default", **kwargs):
    """`migrate` also creates the tables of any database cache (production without REDIS_URL)."""
    call_command("createcachetable", database=using, verbosity=0)


class CoreConfig(AppConfig):
    """The kernel every app of the site builds on; it imports no app of the project."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "core"
    verbose_name = "Core: shared building blocks"

    def ready(self):

        from . import queries, site_url

        queries.connect_signals()
        post_migrate.connect(create_cache_tables, sender=self, dispatch_uid="core.create_cache_tables")
        # Once per `migrate`: core is migrated with the rest, after Wagtail has created its Site.
        post_migrate.connect(site_url.apply_to_default_site, sender=self, dispatch_uid="core.apply_site_url")
