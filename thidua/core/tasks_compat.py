"""Django's tasks framework: built in from Django 6.0, the django-tasks backport before."""

from __future__ import annotations

try:
    from django.tasks import task
except ImportError:  # Django 5.2 on Python 3.11
    from django_tasks import task  # type: ignore[no-redef,import-not-found,unused-ignore]

__all__ = ["task"]
