"""Pages of the registers, documents, tasks and their processing."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
