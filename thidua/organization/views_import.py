"""Pages of the people import (upload, progress, preview, commit) and the export."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
