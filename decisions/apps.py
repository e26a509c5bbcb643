from django.apps import AppConfig


class DecisionsConfig(AppConfig):
    name = "decisions"
    verbose_name = "Decisions, recommendations and letters"

    def ready(self):
        from . import signals  # noqa: F401  (connects the tally recounts)
