"""API of the people import: upload for preview, poll the job, commit; export."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
