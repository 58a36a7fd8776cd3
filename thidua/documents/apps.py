from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    name = "thidua.documents"
    label = "documents"
    verbose_name = _("Xử lý công việc")

    def ready(self) -> None:
        # the names of the audit actions and the job handlers
        from thidua.documents import audit_actions, jobs, jobs_import  # noqa: F401
