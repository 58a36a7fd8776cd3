"""The performance dashboard: figures, charts, drill-down and exports."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
