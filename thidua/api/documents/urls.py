"""/api/v1/ routes of work processing."""

from django.urls import URLPattern, path

from thidua.api.documents.performance import PerformancePeopleView, PerformanceUnitsView

urlpatterns: list[URLPattern] = [
    path("performance/units/", PerformanceUnitsView.as_view(), name="performance-units"),
    path("performance/people/", PerformancePeopleView.as_view(), name="performance-people"),
]
