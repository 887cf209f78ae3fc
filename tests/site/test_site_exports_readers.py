"""The exports read by the two readers an analyst opens first: pandas for the tables and JSON, feedparser
(what feed readers are built on) for the Atom feed. Both read the built files as they are published."""

from __future__ import annotations

import json

import feedparser
import pandas as pd
import pytest

pytestmark = pytest.mark.slow


def test_pandas_reads_claims_json_and_csv_one_row_per_claim(sample_site):
    data = sample_site.site / "data"
    ids = sorted(c["id"] for c in json.loads((data / "claims.json").read_text(encoding="utf-8")))
    from_json = pd.read_json(data / "claims.json")
    assert sorted(from_json["id"]) == ids
    from_csv = pd.read_csv(data / "claims.csv", parse_dates=["report_earliest", "report_latest"])
    assert sorted(from_csv["id"]) == ids
    # The dates the Data page promises parse as dates, and none is after its own latest day.
    assert str(from_csv["report_earliest"].dtype).startswith("datetime64")
    assert (from_csv["report_earliest"] <= from_csv["report_latest"]).all()
    # A list cell is a JSON array, not a "; "-joined string.
    systems = from_csv.set_index("id")["weapon_systems"].map(json.loads)
    assert systems["kn-23-toropets-depot"] == ["kn-23"]


@pytest.mark.parametrize("which", ["sample_site", "hostile_site"])
def test_feedparser_reads_the_feed_without_complaint(which, request):
    site = request.getfixturevalue(which).site
    feed = feedparser.parse((site / "feed.xml").read_bytes())
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10"
    assert feed.entries
    for entry in feed.entries:
        assert entry.id.startswith(("tag:", "http")), entry.id
        assert entry.title
        assert entry.link.startswith("http")
    assert feed.feed.get("rights")  # the data licence travels with the feed
