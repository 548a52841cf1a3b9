from django.apps import AppConfig


class AssistantConfig(AppConfig):
    name = "mercato.contexts.assistant"
    label = "assistant"
    verbose_name = "Customer-service assistant: conversations, understanding, answers, actions, hand-over"

    def ready(self) -> None:
        from . import tasks  # noqa: F401  (registers the jobs)
