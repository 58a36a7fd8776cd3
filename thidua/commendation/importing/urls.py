"""Pages of the history imports (mounted at ``/history/`` by ``config/urls.py``)."""

from django.urls import URLPattern, path

from thidua.commendation.importing import views

app_name = "history"

urlpatterns: list[URLPattern] = [
    path("import/", views.record_import, name="import"),
    path(
        "import/template-<str:kind>.xlsx",
        views.record_import_template,
        name="import_template",
    ),
    path("import/<int:job_id>/", views.record_import_job, name="import_job"),
    path("import/<int:job_id>/progress/", views.record_import_progress, name="import_progress"),
    path("import/<int:job_id>/commit/", views.record_import_commit, name="import_commit"),
]
