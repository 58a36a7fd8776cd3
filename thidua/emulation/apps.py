from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EmulationConfig(AppConfig):
    name = "thidua.emulation"
    label = "emulation"
    verbose_name = _("Thi đua")

    def ready(self) -> None:
        # the names of the audit actions and the job handlers of the ratings import
        from thidua.emulation import audit_actions, jobs  # noqa: F401
