from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EmulationConfig(AppConfig):
    name = "thidua.emulation"
    label = "emulation"
    verbose_name = _("Thi đua")
