"""Exit 0 when the PostgreSQL server of the given URL answers, 1 otherwise."""

from __future__ import annotations

import sys
from urllib.parse import urlsplit

import psycopg


def main() -> int:
    url = urlsplit(sys.argv[1])
    admin_url = url._replace(path="/postgres").geturl().replace("postgres://", "postgresql://", 1)
    try:
        with psycopg.connect(admin_url, connect_timeout=3):
            return 0
    except psycopg.Error:
        return 1


if __name__ == "__main__":
    sys.exit(main())
