"""Pages of work processing: registers, documents, tasks, processing and the dashboard."""

from django.urls import URLPattern, URLResolver

from thidua.documents import views_dashboard, views_import, views_notifications, views_work

app_name = "documents"

urlpatterns: list[URLPattern | URLResolver] = [
    *views_work.urlpatterns,
    *views_dashboard.urlpatterns,
    *views_notifications.urlpatterns,
    *views_import.urlpatterns,
]
