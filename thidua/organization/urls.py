"""Pages of the organisation domain: units, people, the audit log, and the people import/export."""

from django.urls import URLPattern, URLResolver, path

from thidua.organization import audit_views, views, views_accounts, views_edit, views_import

app_name = "organization"

urlpatterns: list[URLPattern | URLResolver] = [
    path("units/", views.unit_list, name="unit_list"),
    path("units/<int:pk>/", views.unit_detail, name="unit_detail"),
    path("people/", views.person_list, name="person_list"),
    path("people/<int:pk>/", views.person_detail, name="person_detail"),
    path("audit/", audit_views.audit_list, name="audit_list"),
    path("audit/export.xlsx", audit_views.audit_export, name="audit_export"),
    *views_import.urlpatterns,
    *views_edit.urlpatterns,
    *views_accounts.urlpatterns,
]
