"""/api/v1/: one router for every domain."""

from django.urls import include, path
from rest_framework.routers import DefaultRouter

from thidua.api import imports

router = DefaultRouter()

urlpatterns = [
    *imports.urlpatterns,
    path("", include(router.urls)),
]
