from django.apps import AppConfig


class StoriesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "stories"
    verbose_name = "Stories, tributes and press"

    def ready(self):
        from . import runner_signals, signal_handlers

        signal_handlers.connect_signals()
        runner_signals.connect_signals()
