"""Stricter value checks, shared by the record models (small hooks in `models.py`).

- A URL we link to names a public host plainly: no user name or password before the host
  (`https://trusted.example@evil.example/` goes to evil.example), no IP address (in any of the forms
  browsers accept: dotted, decimal, hex, IPv6), no `localhost`, no single-label intranet name, and no
  control, space, bidi or zero-width character anywhere in it.
- A one-line text (titles, names, labels) holds no bidi control and no zero-width character: they can
  reverse or hide what a reader sees, and in a title that people copy they are invisible.
- A list of references names each record once.
"""

from __future__ import annotations

import ipaddress
import re
import unicodedata
from typing import Annotated
from urllib.parse import urlsplit

from pydantic import AfterValidator, Field

INVISIBLE = re.compile("[\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")
"""Bidi controls (LRM, RLM, ALM, embeddings, overrides, isolates) and zero-width characters."""
_URL_FORBIDDEN = re.compile("[\\x00-\\x20\\x7f-\\xa0\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u2064"
                            "\u2066-\u2069\u3000\ufeff\\\\]")


def _name(ch: str) -> str:
    return f"U+{ord(ch):04X} {unicodedata.name(ch, 'control character')}".rstrip()


def visible_line(value: str) -> str:
    """Refuse bidi controls and zero-width characters in a one-line text."""
    found = INVISIBLE.search(value)
    if found:
        raise ValueError(f"contains the invisible character {_name(found.group())} at position {found.start() + 1}; "
                         "remove it (it can reverse or hide the text a reader sees)")
    return value


def public_url(value: str) -> str:
    """Refuse what makes a URL lead somewhere else than it seems (see the module's docstring)."""
    found = _URL_FORBIDDEN.search(value)
    if found:
        what = "a space" if found.group() == " " else "a backslash" if found.group() == "\\" else _name(found.group())
        raise ValueError(f"contains {what} at position {found.start() + 1}; a URL has none "
                         "(percent-encode it, like %20)")
    parts = urlsplit(value)
    if "@" in parts.netloc:
        raise ValueError("has a user name before the host ('...@'): a link must name its host plainly; "
                         "remove everything between https:// and @")
    host = (parts.hostname or "").rstrip(".")
    if not host:
        raise ValueError("has no host name")
    if host.startswith("[") or ":" in host or _is_ip(host):
        raise ValueError(f"points at the IP address {host}; link to the site by its name")
    if host == "localhost" or host.endswith(".localhost") or "." not in host:
        raise ValueError(f"points at '{host}', which is not a public host name")
    try:
        parts.port  # noqa: B018 - raises on a port that is not a number
    except ValueError:
        raise ValueError("has a port that is not a number") from None
    return value


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
        return True
    except ValueError:
        pass
    # Browsers read 2130706433, 0x7f.1 and 127.1 as addresses: a last label of digits (or hex) is one.
    last = host.rsplit(".", 1)[-1].lower()
    return bool(re.fullmatch(r"[0-9]+|0x[0-9a-f]*", last))


def unique(items: list) -> list:
    """Refuse a list that names the same thing twice."""
    seen: dict[object, int] = {}
    for index, item in enumerate(items):
        key = item if isinstance(item, str) else repr(item)
        if key in seen:
            raise ValueError(f"lists '{item}' twice (items {seen[key] + 1} and {index + 1}); list each once")
        seen[key] = index
    return items


def unique_list(item_type: object) -> object:
    """`list[item_type]` whose items are all different (and `uniqueItems` in the JSON Schema)."""
    return Annotated[list[item_type], AfterValidator(unique), Field(json_schema_extra={"uniqueItems": True})]
