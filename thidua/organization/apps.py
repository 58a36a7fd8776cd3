from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganizationConfig(AppConfig):
    name = "thidua.organization"
    label = "organization"
    verbose_name = _("Tổ chức, cán bộ")

    def ready(self) -> None:
        # registers the job handlers and the names of the audit actions
        from thidua.organization import audit_actions, jobs  # noqa: F401
