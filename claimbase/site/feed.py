"""The Atom feed of added and changed claims, dated from the records or their commits (never from the clock).

With the repository's history (`claimbase.history`), each meaningful change of a claim is an entry:
its version, its commit's date, and what changed in words; the entry links that version's page. An
entry's id is a tag: URI (RFC 4151) made of the claim's id and the version's number, so it stays the
same whatever host the site moves to. Without history, one entry per claim, dated by `added` and
`reviewed`, as before.
"""

from __future__ import annotations

from datetime import UTC, datetime

from feedgen.feed import FeedGenerator

from .. import urls
from ..dates import parse_edtf
from ..history import in_words
from ..kb import KnowledgeBase
from . import views, vocab
from .exports import licence

FEED_SIZE = 50
TAG_AUTHORITY = "dprk-russia-claims.invalid,2026"
"""The tagging entity of entry ids (RFC 4151: a name and a date). Not a host the site is served from, so
entry ids never change when the site moves; never change it either, or readers see every entry again."""


def entry_id(claim_id: str, number: int) -> str:
    """The Atom id of the entry for version `number` of a claim."""
    return f"tag:{TAG_AUTHORITY}:claims/{claim_id}/v{number}"


def _when(iso_day: str) -> datetime:
    day = parse_edtf(iso_day).earliest
    return datetime(day.year, day.month, day.day, tzinfo=UTC)


def _feed(site_url: str, site_name: str) -> FeedGenerator:
    """The feed's own elements, the same whether its entries are versions or added and reviewed claims."""
    fg = FeedGenerator()
    feed_url = urls.absolute(site_url, urls.data_path("feed"))
    fg.id(feed_url)
    fg.title(f"{site_name}: added and changed claims")
    fg.link(href=feed_url, rel="self")
    fg.link(href=urls.absolute(site_url, ""), rel="alternate")
    fg.author({"name": site_name})
    fg.language("en")
    fg.generator("claimbase")
    fg.rights(licence.statement(site_name))  # the data licence (see exports/licence.py)
    return fg


def atom_feed(kb: KnowledgeBase, site_url: str, site_name: str, history=None) -> bytes:  # noqa: ANN001
    """The FEED_SIZE most recent changes of claims (with `history`), else the most recently added or
    reviewed claims; newest first."""
    if history is not None and history.versions:
        return _change_feed(kb, site_url, site_name, history)
    def changed(cid: str) -> tuple[str, str]:
        c = kb.claims[cid]
        return (max(c.added, c.reviewed), cid)

    ids = sorted(kb.claims, key=changed, reverse=True)[:FEED_SIZE]
    fg = _feed(site_url, site_name)
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


def _change_feed(kb: KnowledgeBase, site_url: str, site_name: str, history) -> bytes:  # noqa: ANN001
    from .versions import recent_changes, version_path

    changes = recent_changes(history, FEED_SIZE)
    fg = _feed(site_url, site_name)
    fg.updated(changes[0].when if changes else datetime(1970, 1, 1, tzinfo=UTC))
    for v in reversed(changes):  # feedgen prepends entries: oldest first, so the file lists the newest first
        versions = history.of(v.claim)
        c = kb.claims.get(v.claim)
        title = c.title if c else v.claim
        entry = fg.add_entry()
        entry.id(entry_id(v.claim, v.number))
        what = "Added" if v.number == 1 else f"Version {v.number}"
        entry.title(f"{what}: {title}")
        entry.link(href=urls.absolute(site_url, version_path(v.claim, v.number)), rel="alternate")
        entry.published(versions[0].when)
        entry.updated(v.when)
        changed = "added" if v.number == 1 else "; ".join(
            in_words(line, lambda kind, rid: views.record_name(kb, kind, rid)) for line in v.changes)
        status = vocab.STATUS[c.status.value.value][0] if c else ""
        entry.summary(f"Version {v.number}, {v.day}: {changed}. {v.subject}."
                      + (f" Now: {status}. {c.statement}" if c else ""))
    return fg.atom_str(pretty=True)
