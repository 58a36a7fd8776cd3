"""One measurement inside one configured database (run by ``bench/__main__.py`` in a subprocess).

Prints a JSON object of timings (median seconds of repeated runs) and query counts.
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import time
from collections.abc import Callable
from typing import Any


def _median(fn: Callable[[], Any], repeat: int) -> float:
    fn()  # warm caches and connections
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def people(repeat: int) -> dict[str, Any]:
    """The people list as users fetch it: the first API page and the HTML page, plain and searched."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from thidua.organization.models import User

    admin = User.objects.get(username="quantri")
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(admin)
    urls = {
        "api_page": "/api/v1/people/",
        "api_search": "/api/v1/people/?search=nguyen+van",
        "html_page": "/people/",
        "html_search": "/people/?search=nguyen+van",
    }
    result: dict[str, Any] = {}
    for name, url in urls.items():

        def get(url: str = url) -> None:
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)

        result[name] = _median(get, repeat)
        with CaptureQueriesContext(connection) as queries:
            get()
        result[f"{name}_queries"] = len(queries)
    return result


def audit(repeat: int) -> dict[str, Any]:
    """Verifying the audit chain against merely reading the same rows."""
    from thidua.core.audit import audit_verify
    from thidua.core.models import AuditEvent

    def read() -> None:
        for _event in AuditEvent.objects.order_by("seq").iterator(chunk_size=2000):
            pass

    def verify() -> None:
        assert audit_verify().ok

    return {
        "rows": AuditEvent.objects.count(),
        "read": _median(read, repeat),
        "verify": _median(verify, repeat),
    }


def audit_fill(count: int) -> dict[str, Any]:
    """Append ``count`` audit events through the real service (one transaction per 1,000)."""
    from django.db import transaction

    from thidua.core.actor import Actor
    from thidua.core.audit import audit_record

    actor = Actor.system()
    for start in range(0, count, 1000):
        with transaction.atomic():
            for i in range(start, min(count, start + 1000)):
                audit_record(
                    actor=actor,
                    action="BENCH_EVENT",
                    target_type="bench.row",
                    target_id=str(i),
                    target_label=f"Sự kiện đo số {i}",
                    data={"i": i, "note": "Nguyễn Văn An chuyển công tác"},
                )
    return {"filled": count}


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    what, repeat = sys.argv[1], int(sys.argv[2])
    probes = {"people": people, "audit": audit, "audit_fill": audit_fill}
    print(json.dumps(probes[what](repeat)))


if __name__ == "__main__":
    main()
