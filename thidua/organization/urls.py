"""Pages of the organisation domain: units, people, and the people import/export."""

from django.urls import URLPattern, URLResolver, path

from thidua.organization import views_import

app_name = "organization"

urlpatterns: list[URLPattern | URLResolver] = [
    *views_import.urlpatterns,
]
