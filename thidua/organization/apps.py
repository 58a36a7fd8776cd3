from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganizationConfig(AppConfig):
    name = "thidua.organization"
    label = "organization"
    verbose_name = _("Tổ chức, cán bộ")

    def ready(self) -> None:
        from thidua.organization import jobs  # noqa: F401  (registers job handlers)
