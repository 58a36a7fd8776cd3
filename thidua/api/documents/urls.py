"""/api/v1/ routes of work processing."""

from django.urls import URLPattern, URLResolver, path
from rest_framework.routers import SimpleRouter

from thidua.api.documents import imports
from thidua.api.documents.performance import PerformancePeopleView, PerformanceUnitsView
from thidua.api.documents.views import (
    AssignmentViewSet,
    ExtensionViewSet,
    IncomingViewSet,
    OutgoingViewSet,
    RegisterViewSet,
    TaskViewSet,
)

router = SimpleRouter()
router.register("registers", RegisterViewSet, basename="register")
router.register("incoming", IncomingViewSet, basename="incoming")
router.register("outgoing", OutgoingViewSet, basename="outgoing")
router.register("tasks", TaskViewSet, basename="task")
router.register("assignments", AssignmentViewSet, basename="assignment")
router.register("extensions", ExtensionViewSet, basename="extension")

urlpatterns: list[URLPattern | URLResolver] = [
    path("performance/units/", PerformanceUnitsView.as_view(), name="performance-units"),
    path("performance/people/", PerformancePeopleView.as_view(), name="performance-people"),
    *imports.urlpatterns,  # before the router, whose <pk> routes would catch import/ and edxml/
    *router.urls,
]
