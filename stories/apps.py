from django.apps import AppConfig


class StoriesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "stories"
    verbose_name = "Stories, tributes and press"

    def ready(self):
        # Each part's receivers, connected once the models are loaded (press and the miles have none).
        from .runners import signals as runner_signals
        from .tributes import signals as tribute_signals
        from .tributes.guestbook import signals as guestbook_signals

        tribute_signals.connect_signals()
        guestbook_signals.connect_signals()
        runner_signals.connect_signals()
