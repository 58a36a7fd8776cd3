from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    name = "thidua.documents"
    label = "documents"
    verbose_name = _("Xử lý công việc")

    def ready(self) -> None:
        from thidua.documents import audit_actions  # noqa: F401  (names of audit actions)
