"""Pages of the eligibility suggestions (under /commendation/)."""

from django.urls import URLPattern, path

from thidua.commendation import views

app_name = "commendation"

urlpatterns: list[URLPattern] = [
    path("", views.index, name="index"),
    path("units/<int:pk>/", views.unit_suggestions, name="unit"),
    path("units/<int:pk>/export.xlsx", views.unit_export, name="unit_export"),
    path("units/<int:pk>/recalc/", views.unit_recalc, name="unit_recalc"),
    path("people/<int:pk>/", views.person_page, name="person"),
    path("people/<int:pk>/summary/", views.person_summary, name="person_summary"),
    path("jobs/<int:job_id>/", views.job_page, name="job"),
    path("jobs/<int:job_id>/progress/", views.job_progress, name="job_progress"),
    path("policy/", views.policy_page, name="policy"),
]
