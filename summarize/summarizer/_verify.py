"""Verify a summary before it is returned: each key point against the sentences it cites, and its lead.

A point whose words are plainly another sentence's is re-cited first (the small model sometimes writes a point
from a neighbour of the sentence it was given), its presentation taken from its new sentence, and the summary
records both.
Then a point that says someone spoke must have that speaker named in its sentences; the deterministic checks
(quotes, numbers, names, attribution) run against the whole article, which names what a sentence may only
refer to; and the calibrated judge reads the cited sentences alone (a short prompt). A point they do not find
supported gives way to the sentence it rests on, in the article's own words (what the article says, as it
presents it: the news stays in the summary when the model's wording of it fails), or is dropped where that
sentence cannot stand in; if no point is left, all are kept and marked. The summary records every point's
verification, what stood in and what was dropped. The lead and the headline need no judge: each is key point 1's
sentence shortened by deletion alone, checked when it was made (`summarize.text.deletion_problems`); where key
point 1 gives way, the lead is taken again from the first point kept.
"""

from __future__ import annotations

from collections.abc import Sequence

from summarize._progress import step
from summarize.calibration import Calibration
from summarize.checker import Claim, ClaimReport, QuestionCache, check_claims, speaker_check
from summarize.input import Article
from summarize.llm import ModelClient, Usage
from summarize.summarizer._summarizer import Derived, lead_of, presented_as
from summarize.summary import (
    KEY_POINT_CHARACTERS,
    KeyPoint,
    PointVerification,
    SummaryResult,
    Verification,
)
from summarize.text import deletion_problems, word_overlap

RECITE_OVERLAP = 0.8
"""Share of a point's words one sentence must hold for the point to be re-cited to it."""


def verify_summary(result: SummaryResult, llm: ModelClient, calibration: Calibration) -> SummaryResult:
    """The result with its unsupported key points dropped or replaced, the lead taken again where key point 1 gave
    way, and its verification recorded."""
    points, corrections = _recited(result.summary.key_points, result.article)
    claims = [Claim(p.text, n, p.presented_as, tuple(p.sentence_ids)) for n, p in enumerate(points)]
    checked = check_claims("", claims, [result.article], None, calibration).claims  # one evidence index for all of them
    asked: QuestionCache = {}
    reports = []
    for number, (claim, checks) in enumerate(zip(claims, checked, strict=True), start=1):
        step("verifying key point %d/%d", number, len(claims))
        reports.append(_check_point(claim, checks, result.article, llm, calibration, asked))
    usage = sum((u for _r, u in reports), Usage())
    keep = [r.verdict == "supported" for r, _usage in reports]
    stand_ins = _stand_ins(points, keep, result.article)
    if not any(keep) and not any(stand_ins):
        keep = [True] * len(points)  # never no point at all: all kept, and marked
    in_summary = [p if k else w for p, k, w in zip(points, keep, stand_ins, strict=True)]
    kept = [p for p in in_summary if p is not None]
    corrections += [
        f"key point {n}: {r.verdict} by {', '.join(p.sentence_ids)}; {w.sentence_ids[0]}'s own words stand in"
        for n, (p, (r, _u), w) in enumerate(zip(points, reports, stand_ins, strict=True), start=1)
        if w is not None
    ]
    lead = _lead(result, kept, keep[0])
    if lead.correction:
        corrections.append(lead.correction)
    verification = Verification(
        points=[
            _verification(p.text, p.sentence_ids, r, k, w.text if w else None)
            for p, (r, _u), k, w in zip(points, reports, keep, stand_ins, strict=True)
        ],
        dropped=sum(not k and w is None for k, w in zip(keep, stand_ins, strict=True)),
        summary=_by_deletion(lead.text, kept[0].sentence_ids[0] if lead.correction else _top(result), result.article),
        headline=_by_deletion(result.summary.headline, _top(result), result.article, headline=True),
        usage=usage,
    )
    summary = result.summary.model_copy(
        update={"key_points": kept, "summary": lead.text, "corrections": result.summary.corrections + corrections}
    )
    return result.model_copy(
        update={"summary": summary, "verification": verification, "usage": result.usage + verification.usage}
    )


def _top(result: SummaryResult) -> str:
    """The sentence the lead and headline were taken from: the first key point's, as the model was given it."""
    return result.summary.key_points[0].sentence_ids[0]


def _lead(result: SummaryResult, kept: list[KeyPoint], first_kept: bool) -> Derived:
    """The lead as written where key point 1 stands; else taken again from the first point kept."""
    if first_kept:
        return Derived(result.summary.summary)
    sentence = result.article.sentence(kept[0].sentence_ids[0])
    assert sentence is not None
    lead = lead_of(kept[0].text, sentence)
    return Derived(lead.text, f"summary: key point 1 gave way; taken again from {sentence.id}")


def _by_deletion(text: str, sentence_id: str, article: Article, *, headline: bool = False) -> PointVerification:
    """A lead or headline checked as what it must be: its sentence shortened by deletion alone."""
    sentence = article.sentence(sentence_id)
    problems = deletion_problems(text.rstrip("…"), sentence.text, headline=headline) if sentence else ["no sentence"]
    rationale = (
        f"{sentence_id} shortened by deletion alone: no word added, no negation, hedge or condition dropped"
        if not problems
        else f"not {sentence_id} shortened by deletion alone: {problems[0]}"
    )
    return PointVerification(
        text=text,
        sentence_ids=[sentence_id],
        verdict="supported" if not problems else "not_in_source",
        rationale=rationale,
        kept=True,
    )


def _stand_ins(points: list[KeyPoint], supported: list[bool], article: Article) -> list[KeyPoint | None]:
    """For each point not supported, the first sentence it cites in the article's own words, presented as that
    sentence presents it; None for a supported point, and where the sentence is already another point's or too
    long for a key point (often a page's captions run together)."""
    used = {i for p, ok in zip(points, supported, strict=True) if ok for i in p.sentence_ids}
    found: list[KeyPoint | None] = []
    for point, ok in zip(points, supported, strict=True):
        sentence = article.sentence(point.sentence_ids[0])
        if ok or sentence is None or sentence.id in used or len(sentence.text.strip()) > KEY_POINT_CHARACTERS:
            found.append(None)
            continue
        used.add(sentence.id)
        kind = presented_as(article, sentence.id)
        found.append(KeyPoint(text=sentence.text.strip(), sentence_ids=[sentence.id], presented_as=kind))
    return found


def _recited(points: list[KeyPoint], article: Article) -> tuple[list[KeyPoint], list[str]]:
    """Points whose words are plainly one uncited sentence's, re-cited to it; and the corrections made."""
    fixed, corrections = [], []
    for number, point in enumerate(points, start=1):
        share, best = max(((word_overlap(point.text, s.text), s) for s in article.sentences), key=lambda x: x[0])
        if best.id not in point.sentence_ids and share >= RECITE_OVERLAP:
            kind = presented_as(article, best.id)
            corrections.append(
                f"key point {number}: cited {', '.join(point.sentence_ids)} -> {best.id}, whose words it is"
                + (f"; {point.presented_as} -> {kind}, as {best.id} presents it" if kind != point.presented_as else "")
            )
            point = point.model_copy(update={"sentence_ids": [best.id], "presented_as": kind})
        fixed.append(point)
    return fixed, corrections


def _check_point(
    claim: Claim,
    checks: ClaimReport,
    article: Article,
    llm: ModelClient,
    calibration: Calibration,
    asked: QuestionCache,
) -> tuple[ClaimReport, Usage]:
    """One point: its speaker, the deterministic checks already run against the whole article (`checks`; a
    point that copies one of its sentences, in order, passes the copy check and is supported as is), then the
    judge on the cited sentences. A bag of the cited sentences' words is no copy: it certified sample b's lead,
    which joins three sentences, drops S1's "reportedly" and makes S2's results the cause of S1's rethink."""
    cited = article.model_copy(update={"sentences": [s for s in article.sentences if s.id in claim.cites]})
    unnamed = speaker_check(claim.text, cited)
    if unnamed is not None:
        failed = ClaimReport(
            claim=claim.text, key_point=claim.key_point, verdict="contradicted", evidence=[], checks=[unnamed],
            rationale=unnamed.detail,
        )  # fmt: skip
        return failed, Usage()
    if checks.verdict != "unverified":
        return checks, Usage()  # decided without a judge: a check failed, or the point copies a sentence
    checked = check_claims("", [claim], [cited], llm, calibration, deterministic=False, question_cache=asked)
    judged = checked.claims[0].model_copy(update={"checks": checks.checks})
    return judged, checked.usage


def _verification(
    text: str, cites: Sequence[str], report: ClaimReport, kept: bool, replaced_by: str | None = None
) -> PointVerification:
    return PointVerification(
        text=text,
        sentence_ids=list(cites),
        verdict=report.verdict,
        probability=report.probability,
        rationale=report.rationale,
        kept=kept,
        replaced_by=replaced_by,
    )
