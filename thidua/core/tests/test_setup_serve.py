"""``thidua setup`` prepares the database and prints the logins; ``thidua serve`` runs two children.

``serve`` is tested through its command-line parsing, the command lines it
builds and its supervisor driven with fake processes: nothing is served.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Mapping, Sequence
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import call_command

from thidua.core.management.commands.serve import (
    Command as ServeCommand,
)
from thidua.core.management.commands.serve import (
    ServePlan,
    Supervisor,
    serve_plan,
    server_url,
)
from thidua.core.models import AuditEvent

DEMO_USERNAMES = (
    "quantri",
    "thiduakt",
    "thidua.p1",
    "lanhdao",
    "vanthu",
    "hoidong",
    "thanhtra",
    "canbo",
)


def setup(**options: Any) -> str:
    out = StringIO()
    call_command("setup", stdout=out, stderr=StringIO(), **options)
    return out.getvalue()


@pytest.fixture
def static_root(settings: Any, tmp_path: Path) -> Path:
    settings.STATIC_ROOT = tmp_path / "static"
    return Path(settings.STATIC_ROOT)


@pytest.mark.django_db
def test_setup_on_an_empty_database_loads_the_demo_and_prints_the_logins(
    static_root: Path,
) -> None:
    # given
    unit_model = apps.get_model("organization", "Unit")
    assert not unit_model.objects.exists()

    # when
    out = setup()

    # then
    assert unit_model.objects.filter(code="QHQT").exists()
    assert AuditEvent.objects.filter(action="DEMO_GENERATED").count() == 1
    assert (static_root / "vendor" / "htmx" / "htmx.min.js").exists()
    assert "http://127.0.0.1:8000" in out
    table = out[out.index("http://127.0.0.1:8000") :]
    for username in DEMO_USERNAMES:
        assert f"  {username} " in table
    assert table.count("thidua-demo") == len(DEMO_USERNAMES) + 1  # the heading names it too
    assert "Quản trị hệ thống" in table and "Vụ Quan hệ quốc tế" in table


@pytest.mark.django_db
def test_setup_again_keeps_the_data_and_hides_a_login_that_no_longer_works(
    static_root: Path,
) -> None:
    # given
    setup()
    user = get_user_model().objects.get(username="canbo")
    user.set_password("mat-khau-rieng-2025")
    user.save()
    units = apps.get_model("organization", "Unit").objects.count()
    events = AuditEvent.objects.count()

    # when
    out = setup()

    # then
    assert apps.get_model("organization", "Unit").objects.count() == units
    assert AuditEvent.objects.count() == events
    assert "  canbo " not in out
    assert "  lanhdao " in out


@pytest.mark.django_db
def test_setup_prints_no_logins_when_the_database_has_other_data(
    static_root: Path, agency: Any
) -> None:
    # when
    out = setup()

    # then
    assert "http://127.0.0.1:8000" in out
    assert "thidua-demo" not in out
    assert not AuditEvent.objects.filter(action="DEMO_GENERATED").exists()


def test_serve_parses_its_options() -> None:
    # given
    parser = ServeCommand().create_parser("thidua", "serve")

    # when
    defaults = vars(parser.parse_args([]))
    custom = vars(parser.parse_args(["--host", "0.0.0.0", "--port", "9000", "--no-worker"]))

    # then
    assert (defaults["host"], defaults["port"], defaults["worker"]) == ("127.0.0.1", 8000, True)
    assert (custom["host"], custom["port"], custom["worker"]) == ("0.0.0.0", 9000, False)


def test_serve_plan_runs_the_web_server_and_the_db_worker(settings: Any) -> None:
    # when
    plan = serve_plan(
        host="127.0.0.1", port=8000, python="/venv/bin/python", environ={"PATH": "/bin"}
    )

    # then
    manage = str(Path(settings.BASE_DIR) / "manage.py")
    assert plan.url == "http://127.0.0.1:8000"
    assert plan.web == ["/venv/bin/python", manage, "runserver", "--noreload", "127.0.0.1:8000"]
    assert plan.worker == ["/venv/bin/python", manage, "db_worker"]
    assert plan.env["DJANGO_SETTINGS_MODULE"] == settings.SETTINGS_MODULE
    assert plan.env["PATH"] == "/bin"


def test_serve_plan_without_worker_and_on_other_addresses() -> None:
    # when
    no_worker = serve_plan(worker=False)
    everywhere = serve_plan(host="0.0.0.0", port=8080)
    ipv6 = serve_plan(host="::1", port=8000)

    # then
    assert no_worker.worker is None
    assert no_worker.web[0] == sys.executable
    assert everywhere.web[-1] == "0.0.0.0:8080"
    assert everywhere.url == "http://127.0.0.1:8080"
    assert ipv6.web[-2:] == ["[::1]:8000", "--ipv6"]
    assert server_url("::1", 8000) == "http://[::1]:8000"


class FakeProcess:
    """Stands in for a child process: running until ``exit(code)``."""

    def __init__(self, command: Sequence[str]) -> None:
        self.command = list(command)
        self.code: int | None = None
        self.terminated = False

    def exit(self, code: int) -> None:
        self.code = code

    def poll(self) -> int | None:
        return self.code

    def terminate(self) -> None:
        self.terminated = True
        self.code = -15

    def kill(self) -> None:
        self.code = -9

    def wait(self, timeout: float | None = None) -> int:
        if self.code is None:
            raise subprocess.TimeoutExpired(self.command, timeout or 0)
        return self.code


class FakeWorld:
    """Records spawned processes and supplies the time."""

    def __init__(self) -> None:
        self.spawned: list[FakeProcess] = []
        self.now = 100.0

    def spawn(self, command: Sequence[str], env: Mapping[str, str]) -> FakeProcess:
        process = FakeProcess(command)
        self.spawned.append(process)
        return process

    def clock(self) -> float:
        return self.now

    def of(self, name: str) -> list[FakeProcess]:
        return [p for p in self.spawned if name in p.command]


PLAN = ServePlan(
    url="http://127.0.0.1:8000",
    web=["python", "manage.py", "runserver", "--noreload", "127.0.0.1:8000"],
    worker=["python", "manage.py", "db_worker"],
    env={},
)


def test_supervisor_restarts_a_dead_worker_after_a_growing_delay() -> None:
    # given
    world = FakeWorld()
    supervisor = Supervisor(
        PLAN, spawn=world.spawn, clock=world.clock, min_delay=1.0, max_delay=60.0
    )
    supervisor.start()

    # when the worker dies, nothing happens before the delay …
    world.of("db_worker")[0].exit(1)
    assert supervisor.step() is None
    world.now += 0.5
    assert supervisor.step() is None
    assert len(world.of("db_worker")) == 1
    # … then it is started again, and a second death waits twice as long
    world.now += 0.6
    assert supervisor.step() is None
    assert len(world.of("db_worker")) == 2
    world.of("db_worker")[1].exit(1)
    supervisor.step()
    world.now += 1.5
    supervisor.step()
    assert len(world.of("db_worker")) == 2
    world.now += 0.6
    supervisor.step()

    # then
    assert len(world.of("db_worker")) == 3
    assert supervisor.restarts == 2
    assert len(world.of("runserver")) == 1


def test_supervisor_reports_the_web_server_exit_and_stops_the_worker() -> None:
    # given
    world = FakeWorld()
    supervisor = Supervisor(PLAN, spawn=world.spawn, clock=world.clock)
    supervisor.start()
    web, worker = world.of("runserver")[0], world.of("db_worker")[0]

    # when
    web.exit(1)
    code = supervisor.step()
    supervisor.stop()

    # then
    assert code == 1
    assert worker.terminated
    assert not web.terminated  # already gone: not signalled again


def test_supervisor_without_worker_starts_only_the_web_server() -> None:
    # given
    world = FakeWorld()
    plan = ServePlan(url=PLAN.url, web=PLAN.web, worker=None, env={})
    supervisor = Supervisor(plan, spawn=world.spawn, clock=world.clock)

    # when
    supervisor.start()
    first = supervisor.step()
    supervisor.stop()

    # then
    assert first is None
    assert [p.command[2] for p in world.spawned] == ["runserver"]
    assert world.spawned[0].terminated
