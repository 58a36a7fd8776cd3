"""Pages that change units and people through the services (forms)."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
