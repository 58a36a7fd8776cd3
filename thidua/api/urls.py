"""/api/v1/: one router for every domain."""

from django.urls import include, path
from rest_framework.routers import DefaultRouter

from thidua.api import eligibility, imports
from thidua.api.auth import TokenObtainView
from thidua.api.commendation import urls as commendation_urls
from thidua.api.documents import urls as documents_urls
from thidua.api.organization.views import MeView, PersonViewSet, PositionViewSet, UnitViewSet

router = DefaultRouter()
router.register("units", UnitViewSet, basename="unit")
router.register("people", PersonViewSet, basename="person")
router.register("positions", PositionViewSet, basename="position")

urlpatterns = [
    *imports.urlpatterns,
    *documents_urls.urlpatterns,
    *eligibility.urlpatterns,
    *commendation_urls.urlpatterns,  # before the router: people/<id>/eligibility/ …
    path("auth/token/", TokenObtainView.as_view(), name="auth-token"),
    path("me/", MeView.as_view(), name="me"),
    path("", include(router.urls)),
]
