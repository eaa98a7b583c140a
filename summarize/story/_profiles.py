"""Per outlet: how many of the story's facts it carries, how many it alone carries, which facts most other
outlets carry that it leaves out, how many disagreements it is part of, and how its quotations agree with the
other outlets'; and which version looks closest to the common account (the report shows where outlets differ; it
does not decide who is right)."""

from __future__ import annotations

from summarize.story._facts import Outlet
from summarize.story._quotations import Quotation, QuotationPair
from summarize.story._schema import Disagreement, OutletProfile, StoryFact


def outlet_profiles(
    outlets: list[Outlet],
    facts: list[StoryFact],
    disagreements: list[Disagreement],
    quotations: dict[str, list[Quotation]],
    pairs: list[QuotationPair],
) -> list[OutletProfile]:
    """One profile per outlet, in the order given."""
    matching = {q for p in pairs if p.relation in ("same", "shortened") for q in (p.first, p.second)}
    profiles = []
    for outlet in outlets:
        carried = [f for f in facts if _supports(f, outlet.label)]
        own = quotations[outlet.label]
        agreeing = sum(q in matching for q in own)
        profiles.append(
            OutletProfile(
                source=outlet.label,
                facts_carried=len(carried),
                facts_alone=sum(f.carried_by == 1 for f in carried),
                disagreements=sum(outlet.label in d.sources for d in disagreements),
                quotations=len(own),
                quotations_matching=agreeing,
                quotation_agreement=round(agreeing / len(own), 3) if own else None,
                omissions=omissions(facts, outlet.label, len(outlets)),
            )
        )
    return profiles


def omissions(facts: list[StoryFact], label: str, outlets: int) -> list[str]:
    """The ids of the facts that more than half of the other outlets carry and this outlet does not mention, the
    most widely carried first (then in report order)."""
    others = outlets - 1
    missing = [f for f in facts if _stance(f, label) == "not_mentioned" and 2 * f.carried_by > others]
    return [f.id for f in sorted(missing, key=lambda f: -f.carried_by)]


def closest_outlet(profiles: list[OutletProfile], facts: list[StoryFact]) -> tuple[str, str]:
    """The outlet whose version is most like the common account: it carries the facts that several outlets carry
    (recall) and little that only it carries (precision), combined as their harmonic mean; fewer disagreements
    break ties."""
    shared = [f for f in facts if f.carried_by >= 2]

    def shared_by(label: str) -> int:
        return sum(_supports(f, label) for f in shared)

    def agreement(profile: OutletProfile) -> float:
        recall = shared_by(profile.source) / len(shared) if shared else 0.0
        precision = shared_by(profile.source) / profile.facts_carried if profile.facts_carried else 0.0
        return 2 * recall * precision / (recall + precision) if recall + precision else 0.0

    best = max(profiles, key=lambda p: (round(agreement(p), 3), -p.disagreements))
    reason = (
        f"{best.source} carries {shared_by(best.source)} of the {len(shared)} facts that at least two outlets report "
        f"and {best.facts_alone} that no other outlet does, and is part of {best.disagreements} disagreement(s); "
        "this measures agreement with the other versions, not which one is right"
    )
    return best.source, reason


def _supports(fact: StoryFact, label: str) -> bool:
    return _stance(fact, label) == "supports"


def _stance(fact: StoryFact, label: str) -> str:
    return next((s.stance for s in fact.support if s.source == label), "not_mentioned")
