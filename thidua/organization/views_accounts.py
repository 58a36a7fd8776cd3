"""Pages that manage accounts and their roles through the account services."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
