"""Top-level URLs: the web pages of each domain, the REST API and its schema."""

from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

urlpatterns = [
    path("", include("thidua.organization.site_urls")),
    path("", include("thidua.organization.urls")),
    path("work/", include("thidua.documents.urls")),
    path("commendation/", include("thidua.commendation.urls")),
    path("history/", include("thidua.commendation.importing.urls")),
    path("api/v1/", include("thidua.api.urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    path("admin/", admin.site.urls),
]
