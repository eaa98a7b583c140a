"""A sentence's clauses, and the one its source supports least: where a fact slipped into a summary sentence sits.

An inserted fact usually arrives as a clause of its own ("..., but there is a discrepancy in the enrollment
date") or a phrase joined to a supported statement ("difficult for novice users"). Read whole, the sentence is
mostly supported, and a small judge answers for its majority; read alone, the inserted clause is not.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from summarize.text._normalize import content_stems

CLAUSE_WORDS = 4
"""Words a piece needs to stand as a clause; a shorter one joins its neighbour."""
_BREAK = re.compile(
    r"\s*[,;:]\s+|\s+(?=(?:but|while|whereas|although|though|yet|however|which|who|including|as well as|and then)\b)",
    re.IGNORECASE,
)
"""Where a clause may start: after a comma, semicolon or colon, and before a conjunction or relative word."""
_LEADING = re.compile(r"^(?:and|but|while|whereas|although|though|yet|however|so|also)\b[\s,]*", re.IGNORECASE)


def clauses(sentence: str) -> list[str]:
    """The sentence's clauses in order (one, the sentence itself, where it has no break)."""
    pieces: list[str] = []
    for piece in (p.strip() for p in _BREAK.split(sentence.strip())):
        if not piece:
            continue
        if pieces and len(pieces[-1].split()) < CLAUSE_WORDS:
            pieces[-1] = f"{pieces[-1]}, {piece}"
        else:
            pieces.append(piece)
    if len(pieces) > 1 and len(pieces[-1].split()) < CLAUSE_WORDS:
        last = pieces.pop()
        pieces[-1] = f"{pieces[-1]}, {last}"
    return pieces or [sentence.strip()]


def clause_coverage(clause: str, source_stems: frozenset[str]) -> float:
    """Share of the clause's content words (crudely stemmed) that the source uses; 1 for a clause without any."""
    wanted = content_stems(clause)
    return len(wanted & source_stems) / len(wanted) if wanted else 1.0


def least_covered_clause(sentence: str, sources: Iterable[str]) -> tuple[str, float] | None:
    """The clause of a sentence of several clauses whose content words its sources use least, as a statement of
    its own (a leading conjunction dropped), with that share; None for a sentence of one clause."""
    found = clauses(sentence)
    if len(found) < 2:
        return None
    stems = frozenset().union(*(content_stems(s) for s in sources))
    clause = min(found, key=lambda c: clause_coverage(c, stems))
    return _LEADING.sub("", clause).strip(" ,.") or clause, clause_coverage(clause, stems)
