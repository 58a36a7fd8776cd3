"""Checks on rendered pages shared by the apps' tests."""

from __future__ import annotations

import re

_ADDRESS = re.compile(r"""(?:src|href|url)\s*[=:]\s*["']([^"']*)""")
_REMOTE = re.compile(r"^(?:https?:)?//|cdn|jsdelivr|unpkg", re.IGNORECASE)


def remote_addresses(html: str) -> list[str]:
    """The addresses a page loads or links that point off this server or to a CDN.

    Only addresses are looked at: a page also carries a random CSRF token,
    which now and then spells "cdn".
    """
    addresses = _ADDRESS.findall(html)
    assert addresses, "the page names no address at all"
    return [address for address in addresses if _REMOTE.search(address)]
