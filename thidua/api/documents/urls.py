"""/api/v1/ routes of work processing."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
