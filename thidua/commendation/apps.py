from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommendationConfig(AppConfig):
    name = "thidua.commendation"
    label = "commendation"
    verbose_name = _("Khen thưởng")

    def ready(self) -> None:
        # the names of the audit actions, the job handlers and the admin pages
        from thidua.commendation import (  # noqa: F401
            admin_collective,
            audit_actions,
            audit_actions_policy,
            jobs,
        )
        from thidua.commendation.importing import jobs as import_jobs  # noqa: F401
