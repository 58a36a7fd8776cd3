"""The API layer: REST endpoints under /api/v1/ (DRF), documented with drf-spectacular."""

from django.apps import AppConfig


class ApiConfig(AppConfig):
    """The REST API (no models of its own)."""

    name = "thidua.api"
    label = "api"
    verbose_name = "API"
