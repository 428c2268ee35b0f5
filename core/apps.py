from django.apps import AppConfig


class CoreConfig(AppConfig):
    """The kernel every app of the site builds on; it imports no app of the project."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "core"
    verbose_name = "Core: shared building blocks"

    def ready(self):
        from . import queries

        queries.connect_signals()
