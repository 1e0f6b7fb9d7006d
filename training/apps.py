from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrainingConfig(AppConfig):
    name = "training"
    verbose_name = _("Opleidingen")

    def ready(self):
        from training import signals  # noqa: F401 - connects the receivers
