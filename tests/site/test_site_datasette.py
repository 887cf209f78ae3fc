"""The SQLite database as a reader opens it: the real `datasette` serves data/claimbase.db with its published
metadata on 127.0.0.1, and the tests ask its JSON API. One server per test session (one xdist group)."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("datasette")]

BIN = Path(sys.executable).parent


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> dict:
    with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - our own local server
        return json.load(response)


@pytest.fixture(scope="session")
def datasette(sample_site) -> Iterator[str]:  # noqa: ANN001
    data = sample_site.site / "data"
    port = _free_port()
    process = subprocess.Popen(
        [BIN / "datasette", "serve", data / "claimbase.db", "--metadata", data / "claimbase.metadata.json",
         "--host", "127.0.0.1", "--port", str(port)],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                _get(base + "/-/versions.json")
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    out = process.stdout.read().decode(errors="replace") if process.poll() is not None else ""
                    pytest.fail(f"datasette did not start: {out}")
                time.sleep(0.2)
        yield base + "/claimbase"
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


def _facet(payload: dict, name: str) -> dict[object, int]:
    return {r["value"]: r["count"] for r in payload["facet_results"][name]["results"]}


def test_claims_facet_on_weapon_system_status_and_grades(datasette, sample_site):
    claims = json.loads((sample_site.site / "data" / "claims.json").read_text(encoding="utf-8"))
    payload = _get(datasette + "/claims.json?_size=0")
    assert payload["filtered_table_rows_count"] == len(claims)
    systems = _facet(payload, "weapon_systems")  # an array facet, configured in the metadata
    expected: dict[str, int] = {}
    for c in claims:
        for s in c["weapon_systems"]:
            expected[s] = expected.get(s, 0) + 1
    assert systems == expected
    assert sum(_facet(payload, "status").values()) == len(claims)
    assert payload["license"] == "CC-BY-4.0"


def test_view_by_weapon_system_and_full_text_search(datasette):
    payload = _get(datasette + "/claims_by_system.json?_size=0")
    assert _facet(payload, "system_name") == {"KN-23": 1, "North Korean 122 mm multiple rocket launcher": 1}
    found = _get(datasette + "/claims.json?_search=Toropets&_shape=array")
    assert [row["id"] for row in found] == ["kn-23-toropets-depot"]
    quotes = _get(datasette + "/attributions.json?_search=Koursk&_shape=array")
    assert quotes
    assert all("Koursk" in row["quote"] for row in quotes)
    filtered = _get(datasette + "/claims_graded.json?grade__exact=C3&_shape=array")
    assert "kn-23-toropets-depot" in [row["id"] for row in filtered]
    assert {row["grade"] for row in filtered} == {"C3"}


def test_metadata_titles_descriptions_and_licence(datasette):
    meta = _get(datasette.rsplit("/", 1)[0] + "/-/metadata.json")
    assert meta["license"] == "CC-BY-4.0"
    assert meta["license_url"].startswith("https://creativecommons.org/")
    tables = meta["databases"]["claimbase"]["tables"]
    assert tables["claims"]["title"] == "Claims"
    assert tables["attributions"]["columns"]["quote"].startswith("Verbatim")
    place = _get(datasette + "/places/toropets.json?_shape=objects")
    assert place["rows"][0]["name"] == "Toropets"
