"""/api/v1/ routes of the eligibility suggestions."""

from django.urls import URLPattern, path

from thidua.api.commendation.views import PersonEligibilityView, PolicyView, UnitSuggestionsView

urlpatterns: list[URLPattern] = [
    path(
        "people/<int:pk>/eligibility/", PersonEligibilityView.as_view(), name="person-eligibility"
    ),
    path("units/<int:pk>/suggestions/", UnitSuggestionsView.as_view(), name="unit-suggestions"),
    path("eligibility/policy/", PolicyView.as_view(), name="eligibility-policy"),
]
