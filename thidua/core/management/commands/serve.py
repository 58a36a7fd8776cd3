"""``thidua serve``: the web server and the background worker, together, stopped together.

Both run as child processes of this command: Django's ``runserver --noreload``
(WhiteNoise serves the static files) and ``manage.py db_worker`` (django-tasks-db).
The worker is restarted when it dies; when the web server stops, or on Ctrl-C
or SIGTERM, both are stopped. ``runserver`` is fine for a single office
machine; a real deployment should run gunicorn (or another WSGI server) and
``db_worker`` under systemd instead.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import FrameType
from typing import Any, Protocol

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000


def server_url(host: str = DEFAULT_HOST, port: int = DEFAULT_PORT) -> str:
    """The address to open in a browser (a wildcard host is shown as 127.0.0.1)."""
    shown = {"0.0.0.0": "127.0.0.1", "": "127.0.0.1", "::": "[::1]"}.get(host, host)
    if ":" in shown and not shown.startswith("["):
        shown = f"[{shown}]"
    return f"http://{shown}:{port}"


@dataclass(frozen=True)
class ServePlan:
    """The child processes ``serve`` starts, and their environment."""

    url: str
    web: list[str]
    worker: list[str] | None
    env: dict[str, str]


def serve_plan(
    *,
    host: str = DEFAULT_HOST,
    port: int = DEFAULT_PORT,
    worker: bool = True,
    python: str = sys.executable,
    manage: Path | None = None,
    environ: Mapping[str, str] | None = None,
) -> ServePlan:
    """Build the command lines of the web server and the worker (nothing is started)."""
    manage_py = str(manage or Path(settings.BASE_DIR) / "manage.py")
    addrport = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
    web = [python, manage_py, "runserver", "--noreload", addrport]
    if ":" in host:
        web.append("--ipv6")
    env = dict(os.environ if environ is None else environ)
    env["DJANGO_SETTINGS_MODULE"] = settings.SETTINGS_MODULE
    env["PYTHONUNBUFFERED"] = "1"  # keep the children's log lines in order
    return ServePlan(
        url=server_url(host, port),
        web=web,
        worker=[python, manage_py, "db_worker"] if worker else None,
        env=env,
    )


class Process(Protocol):
    """The part of ``subprocess.Popen`` the supervisor uses."""

    def poll(self) -> int | None: ...
    def terminate(self) -> None: ...
    def kill(self) -> None: ...
    def wait(self, timeout: float | None = None) -> int: ...


def _spawn(command: Sequence[str], env: Mapping[str, str]) -> Process:
    # A session of its own: Ctrl-C reaches only ``serve``, which then stops
    # each child exactly once (a second signal would abort a running job).
    return subprocess.Popen(list(command), env=dict(env), start_new_session=True)


class Supervisor:
    """Keeps the web server and the worker running; restarts the worker with back-off.

    ``step()`` does one round of checks and returns the web server's exit
    code once it has stopped; ``run()`` repeats it. ``spawn`` and ``clock``
    are injectable so the restart logic can be tested without processes.
    """

    def __init__(
        self,
        plan: ServePlan,
        *,
        spawn: Callable[[Sequence[str], Mapping[str, str]], Process] = _spawn,
        clock: Callable[[], float] = time.monotonic,
        log: Callable[[str], None] = lambda message: None,
        min_delay: float = 1.0,
        max_delay: float = 60.0,
    ) -> None:
        self.plan = plan
        self._spawn = spawn
        self._clock = clock
        self._log = log
        self.min_delay = min_delay
        self.max_delay = max_delay
        self.web: Process | None = None
        self.worker: Process | None = None
        self.restarts = 0
        self._delay = min_delay
        self._worker_started = 0.0
        self._restart_at: float | None = None
        self._stopping = threading.Event()

    def start(self) -> None:
        """Start the web server and (unless disabled) the worker."""
        self.web = self._spawn(self.plan.web, self.plan.env)
        if self.plan.worker is not None:
            self._start_worker()

    def _start_worker(self) -> None:
        assert self.plan.worker is not None
        self.worker = self._spawn(self.plan.worker, self.plan.env)
        self._worker_started = self._clock()
        self._restart_at = None

    def step(self) -> int | None:
        """Check both children once; the web server's exit code when it has stopped."""
        assert self.web is not None
        code = self.web.poll()
        if code is not None:
            return code
        if self.plan.worker is None:
            return None
        now = self._clock()
        if self._restart_at is not None:
            if now >= self._restart_at:
                self._start_worker()
                self.restarts += 1
            return None
        if self.worker is not None and (died := self.worker.poll()) is not None:
            if now - self._worker_started > self.max_delay:
                self._delay = self.min_delay  # it ran a good while: start over
            self._log(
                _("Tiến trình nền đã dừng (mã %(code)s), khởi động lại sau %(s)s giây.")
                % {"code": died, "s": f"{self._delay:g}"}
            )
            self._restart_at = now + self._delay
            self._delay = min(self._delay * 2, self.max_delay)
        return None

    def run(self, interval: float = 0.5) -> int:
        """Start, then supervise until the web server stops; returns its exit code."""
        self.start()
        while True:
            code = self.step()
            if code is not None:
                return code
            self._stopping.wait(interval)

    def stop(self, timeout: float = 15.0) -> None:
        """Stop both children: SIGTERM, then SIGKILL after ``timeout`` seconds."""
        self._stopping.set()
        children = [p for p in (self.worker, self.web) if p is not None and p.poll() is None]
        for child in children:
            child.terminate()
        for child in children:
            try:
                child.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                child.kill()
                child.wait()


def _interrupt(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt


class Command(BaseCommand):
    help = _("Chạy ứng dụng web cùng tiến trình nền; Ctrl-C dừng cả hai.")
    requires_system_checks: list[str] = []  # the web server child runs them

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default=DEFAULT_HOST, help=_("địa chỉ lắng nghe"))
        parser.add_argument("--port", type=int, default=DEFAULT_PORT, help=_("cổng"))
        parser.add_argument(
            "--no-worker",
            dest="worker",
            action="store_false",
            help=_("không chạy tiến trình nền (nhập tệp, báo cáo sẽ chờ)"),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not 0 < options["port"] < 65536:
            raise CommandError(_("Cổng không hợp lệ: %(p)s") % {"p": options["port"]})
        plan = serve_plan(host=options["host"], port=options["port"], worker=options["worker"])
        supervisor = Supervisor(plan, log=self.stderr.write)
        self.stdout.write(_("thidua chạy tại %(url)s — nhấn Ctrl-C để dừng.") % {"url": plan.url})
        if plan.worker is None:
            self.stdout.write(_("Không chạy tiến trình nền (--no-worker)."))
        previous = {s: signal.signal(s, _interrupt) for s in _stop_signals()}
        code = 0
        try:
            code = supervisor.run()
        except KeyboardInterrupt:
            self.stdout.write(_("Đang dừng…"))
        finally:
            supervisor.stop()
            for sig, handler in previous.items():
                signal.signal(sig, handler)
        if code:
            raise CommandError(_("Máy chủ web đã dừng (mã %(code)s).") % {"code": code})


def _stop_signals() -> list[signal.Signals]:
    return [s for s in (signal.SIGTERM, getattr(signal, "SIGHUP", None)) if s is not None]
