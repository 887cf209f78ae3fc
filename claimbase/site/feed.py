"""The Atom feed of added and changed claims, dated from the records (never from the clock)."""

from __future__ import annotations

from datetime import UTC, datetime

from feedgen.feed import FeedGenerator

from .. import urls
from ..dates import parse_edtf
from ..kb import KnowledgeBase
from . import vocab
from .exports import licence

FEED_SIZE = 50


def _when(iso_day: str) -> datetime:
    day = parse_edtf(iso_day).earliest
    return datetime(day.year, day.month, day.day, tzinfo=UTC)


def atom_feed(kb: KnowledgeBase, site_url: str, site_name: str) -> bytes:
    """The FEED_SIZE most recently added or reviewed claims, newest first."""
    def changed(cid: str) -> tuple[str, str]:
        c = kb.claims[cid]
        return (max(c.added, c.reviewed), cid)

    ids = sorted(kb.claims, key=changed, reverse=True)[:FEED_SIZE]
    fg = FeedGenerator()
    feed_url = urls.absolute(site_url, urls.data_path("feed"))
    fg.id(feed_url)
    fg.title(f"{site_name}: added and changed claims")
    fg.link(href=feed_url, rel="self")
    fg.link(href=urls.absolute(site_url, ""), rel="alternate")
    fg.author({"name": site_name})
    fg.language("en")
    fg.generator("claimbase")
    fg.rights(licence.statement(site_name))  # the data licence (issue 13; see exports/licence.py)
    fg.updated(_when(changed(ids[0])[0]) if ids else datetime(1970, 1, 1, tzinfo=UTC))
    # feedgen prepends entries; add the oldest first so the file lists the newest first.
    for cid in reversed(ids):
        c = kb.claims[cid]
        status = vocab.STATUS[c.status.value.value][0]
        entry = fg.add_entry()
        permalink = urls.absolute(site_url, urls.claim_path(cid))
        entry.id(permalink)
        entry.title(c.title)
        entry.link(href=permalink, rel="alternate")
        entry.published(_when(c.added))
        entry.updated(_when(changed(cid)[0]))
        what = "Added" if c.added >= c.reviewed else "Reviewed"
        entry.summary(f"{what} {changed(cid)[0]}. Status: {status}. {c.statement}")
    return fg.atom_str(pretty=True)
