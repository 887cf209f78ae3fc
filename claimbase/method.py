"""The written grading method: one set of rules, enforced by checks.py and printed on the methodology page.

Reliability grades the **claimant** of the claim's first attribution (the principal claimant, who must
assert the claim); the chain through which we read it is shown separately, attribution by attribution,
and counted in the lines of reporting. Each kind of claimant has a best grade the method allows; a
curator may give a lower grade (the rationale says why) but never a better one. F (cannot be judged)
is always allowed.

Credibility grades the information. 1 (confirmed) goes with status "confirmed" and nothing else, and
both need two independent lines of reporting; "corroborated" needs two independent lines too; a claim
that a live denial denies is "denied" or "disputed".
"""

from __future__ import annotations

from dataclasses import dataclass

from .kb import KnowledgeBase
from .models import QUALIFIER_MEANING as QUALIFIER_MEANING
from .models import ActorType, Status
from .provenance import INDEPENDENCE_RULE as INDEPENDENCE_RULE

GRADES = "ABCDEF"

BELLIGERENTS = frozenset({"RU", "UA", "KP"})
"""States that are parties to the war these claims are about: their bodies and officials have an
interest in every claim about it."""


@dataclass(frozen=True)
class ReliabilityRule:
    key: str
    who: str
    best: str
    why: str


RELIABILITY_RULES: tuple[ReliabilityRule, ...] = (
    ReliabilityRule("unidentified", "An unidentified claimant: an unnamed official, unnamed reports or "
                    "agencies, a page whose author and publisher are not named", "F",
                    "nothing tells us who it is, so there is no record to judge"),
    ReliabilityRule("social-media", "A social-media account or channel", "F",
                    "a handle is not a track record we can judge"),
    ReliabilityRule("belligerent", "A government, body, service, military or official of a state at war "
                    "(Russia, Ukraine, North Korea), on the record", "C",
                    "it has access to what it reports but a direct interest in how it is seen"),
    ReliabilityRule("state", "A government, body, service, military or official of another state, on the "
                    "record", "B", "it has access and a record, and is not a party to the war"),
    ReliabilityRule("outlet", "A named news outlet or organisation, in its own voice", "B",
                    "a named outlet has a record of corrections we can look up; a blog or republishing "
                    "site with no record we know is graded lower, and the rationale says so"),
)
"""In the order they are tried; the first that fits the claimant sets the best grade allowed."""

NO_A = "A (completely reliable) is not given: no claimant here has a record we can show to be complete."


def affiliation_chain(kb: KnowledgeBase, actor_id: str) -> list[str]:
    """The actor, the body it belongs to, and so on up (stopping at an unknown actor or a loop)."""
    seen = [actor_id]
    while True:
        actor = kb.actors.get(seen[-1])
        if actor is None or actor.affiliation is None or actor.affiliation in seen:
            return seen
        seen.append(actor.affiliation)


def reliability_rule(kb: KnowledgeBase, actor_id: str) -> ReliabilityRule | None:
    actor = kb.actors.get(actor_id)
    if actor is None:
        return None
    return rule_for(actor.type.value, [kb.actors[a].country for a in affiliation_chain(kb, actor_id) if a in kb.actors])


def rule_for(actor_type: str, countries: list[str | None]) -> ReliabilityRule:
    """The rule for a claimant of this type, whose affiliations (itself first) have these countries."""
    by_key = {r.key: r for r in RELIABILITY_RULES}
    if actor_type == ActorType.unidentified.value:
        return by_key["unidentified"]
    if actor_type in (ActorType.social_media_account.value, ActorType.social_media_channel.value):
        return by_key["social-media"]
    if actor_type in (ActorType.outlet.value, ActorType.organisation.value):
        return by_key["outlet"]
    country = next((c for c in countries if c), None)
    return by_key["belligerent"] if country in BELLIGERENTS else by_key["state"]


def allowed(best: str) -> list[str]:
    """The grades a rule allows: its best and any lower one, and F; never A."""
    if best == "F":
        return ["F"]
    return [g for g in GRADES if g >= best and g != "A"]


@dataclass(frozen=True)
class StatusRule:
    status: str
    needs: str


STATUS_RULES: tuple[StatusRule, ...] = (
    StatusRule("reported", "at least one attribution; what a single line of reporting supports"),
    StatusRule("corroborated", "at least two independent lines of reporting, not conclusive: credibility 2 to 6"),
    StatusRule("confirmed", "at least two independent lines of reporting and credibility 1; credibility 1 "
               "goes with this status only"),
    StatusRule("disputed", "other attributed claims contradict it; also allowed when a live denial denies it"),
    StatusRule("denied", "a party it concerns denies it: a claim that a live denial denies must be denied "
               "or disputed, whatever its lines of reporting"),
)

NEEDS_TWO_LINES = frozenset({Status.corroborated, Status.confirmed})
ANSWERS_A_DENIAL = frozenset({Status.denied, Status.disputed, Status.retracted, Status.withdrawn,
                              Status.superseded, Status.merged})


def fit_reliability(grade: str, actor_type: str, countries: list[str | None]) -> str:
    """The grade itself when the method allows it for this claimant, else the best it allows (for the
    benchmark generator, whose grades are drawn at random)."""
    best = rule_for(actor_type, countries).best
    return grade if grade in allowed(best) else best
