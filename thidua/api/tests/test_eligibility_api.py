"""``POST /api/v1/eligibility/evaluate``: the exchange format over HTTP, byte for byte the command's answer."""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from thidua.api.tests.helpers import ANONYMOUS_STATUS
from thidua.commendation.exchange_doors import evaluate_command
from thidua.conftest import Agency
from thidua.organization.choices import Role
from thidua.organization.models import User

pytestmark = pytest.mark.django_db

SCENARIOS = Path(__file__).resolve().parents[3] / "tests" / "eligibility" / "scenarios"
SCENARIO_FILES = sorted(p for p in SCENARIOS.glob("*.json") if p.name != "expected.json")
URL = "/api/v1/eligibility/evaluate"
BAD_RATING = "subjects[0].records[0].rating: 'HTTT' is not one of HTXS, HTT, HT, KHT"


@pytest.fixture
def token_client(agency: Agency, user_with_role: Callable[..., User]) -> APIClient:
    """A client sending the token of a staff member (the least role there is)."""
    user = user_with_role(Role.STAFF, agency.division_a, username="canbo_a")
    token, _ = Token.objects.get_or_create(user=user)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


def _command(path: Path) -> tuple[int, str, str]:
    stdout, stderr = io.StringIO(), io.StringIO()
    status = evaluate_command(str(path), stdout=stdout, stderr=stderr)
    return status, stdout.getvalue(), stderr.getvalue()


def _malformed(tmp_path: Path) -> Path:
    document = json.loads((SCENARIOS / "E-01.json").read_text(encoding="utf-8"))
    document["subjects"][0]["records"][0]["rating"] = "HTTT"
    document["subjects"][0]["records"][0]["grade"] = "A"
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    return path


@pytest.mark.parametrize("path", SCENARIO_FILES, ids=[p.stem for p in SCENARIO_FILES])
def test_evaluate_answers_the_same_bytes_as_the_command(
    token_client: APIClient, path: Path
) -> None:
    # given
    status, printed, _ = _command(path)

    # when
    response = token_client.post(URL, data=path.read_bytes(), content_type="application/json")

    # then
    assert status == 0
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response.content == printed.encode("utf-8")


def test_evaluate_a_malformed_request_is_400_with_the_commands_messages(
    token_client: APIClient, tmp_path: Path
) -> None:
    # given
    path = _malformed(tmp_path)
    status, printed, err = _command(path)

    # when
    response = token_client.post(URL, data=path.read_bytes(), content_type="application/json")

    # then
    assert (status, printed) == (2, "")
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert BAD_RATING in errors
    assert "subjects[0].records[0].grade: unknown key" in errors[0]
    assert err.splitlines() == [f"{path}: {message}" for message in errors]


def test_evaluate_a_body_that_is_not_json_is_400(token_client: APIClient) -> None:
    # given
    body = b'{"format": "thidua.eligibility/1",'

    # when
    response = token_client.post(URL, data=body, content_type="application/json")

    # then
    assert response.status_code == 400
    (message,) = response.json()["errors"]
    assert message.startswith("$: not valid JSON: ")


def test_evaluate_accepts_a_trailing_slash(token_client: APIClient) -> None:
    # given
    body = (SCENARIOS / "E-01.json").read_bytes()

    # when
    response = token_client.post(f"{URL}/", data=body, content_type="application/json")

    # then
    assert response.status_code == 200
    assert response.json()["results"][0]["verdict"] == "ELIGIBLE"


def test_evaluate_anonymous_is_401() -> None:
    # given
    body = (SCENARIOS / "E-01.json").read_bytes()

    # when
    response = APIClient().post(URL, data=body, content_type="application/json")

    # then
    assert response.status_code == ANONYMOUS_STATUS
    assert "results" not in response.json()


def test_evaluate_a_wrong_token_is_401() -> None:
    # given
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token not-a-token")

    # when
    response = client.post(
        URL, data=(SCENARIOS / "E-01.json").read_bytes(), content_type="application/json"
    )

    # then
    assert response.status_code == 401
