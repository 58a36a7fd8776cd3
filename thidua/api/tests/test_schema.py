"""The OpenAPI schema and its Swagger UI."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from django.contrib.staticfiles import finders
from django.core.management import call_command
from django.test import Client
from drf_spectacular.drainage import reset_generator_stats

from thidua.core.tests.pages import remote_addresses


def test_schema_validates_without_warnings(tmp_path: Path) -> None:
    # given
    reset_generator_stats()
    out = tmp_path / "schema.yml"

    # when: raises CommandError on any warning or validation error
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(out))

    # then
    schema = yaml.safe_load(out.read_text(encoding="utf-8"))
    assert {
        "/api/v1/auth/token/",
        "/api/v1/me/",
        "/api/v1/units/",
        "/api/v1/units/{id}/",
        "/api/v1/people/",
        "/api/v1/people/{id}/",
        "/api/v1/people/{id}/transfer/",
        "/api/v1/people/{id}/assign-position/",
        "/api/v1/positions/",
        "/api/v1/positions/{id}/",
    } <= set(schema["paths"])
    operations = [
        operation
        for path, item in schema["paths"].items()
        if path.startswith("/api/v1/")
        for method, operation in item.items()
        if method in {"get", "post", "patch", "put", "delete"}
    ]
    assert all(operation.get("summary") for operation in operations)


def test_schema_endpoint_serves_the_schema(db: None) -> None:
    # when
    response = Client().get("/api/schema/")

    # then
    assert response.status_code == 200
    assert "/api/v1/people/{id}/transfer/" in yaml.safe_load(response.content)["paths"]


@pytest.mark.django_db
def test_swagger_ui_loads_only_vendored_assets() -> None:
    # when
    response = Client().get("/api/docs/")

    # then
    html = response.content.decode()
    assert response.status_code == 200
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in html
    assert remote_addresses(html) == []
    for asset in re.findall(r"""/static/(drf_spectacular_sidecar/[^"']+)""", html):
        assert finders.find(asset), asset
