"""Test settings: the normal settings with a fixed key, fast hashing, in-memory mail and inline jobs."""

import tempfile
from pathlib import Path

from .settings import *  # noqa: F403
from .settings import DATABASES

SECRET_KEY = "test-secret-key-not-for-production"
AUDIT_HMAC_KEY = "test-audit-key"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
TASKS = {
    "default": {
        "BACKEND": (
            "django.tasks.backends.immediate.ImmediateBackend"
            if HAS_BUILTIN_TASKS  # noqa: F405
            else "django_tasks.backends.immediate.ImmediateBackend"
        )
    }
}
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="thidua-test-media-"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["TEST"] = {"NAME": ""}  # in memory
REST_FRAMEWORK = {
    **REST_FRAMEWORK,  # noqa: F405
    "DEFAULT_THROTTLE_RATES": {"auth-token": "10000/min"},
}
