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
verification, what stood in and what was dropped. The lead (the short summary) and the headline go through the
same checks against the three sentences that hold most of their words; a headline not supported is written
again, once, from the first kept key point's sentence (the summary's messages stay the cached prefix), and
checked again; a lead, or a headline still not supported, gives way to the first key point kept.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from summarize._errors import InvalidModelOutputError
from summarize.calibration import Calibration
from summarize.checker import Claim, ClaimReport, QuestionCache, check_claims, speaker_check
from summarize.input import Article
from summarize.llm import ModelClient, Usage
from summarize.summarizer._summarizer import presented_as, rewrite_headline
from summarize.summary import (
    HEADLINE_CHARACTERS,
    KEY_POINT_CHARACTERS,
    KeyPoint,
    PointVerification,
    SummaryResult,
    Verification,
)
from summarize.text import ENGLISH_FUNCTION_WORDS, match_words, word_overlap

RECITE_OVERLAP = 0.8
"""Share of a point's words one sentence must hold for the point to be re-cited to it."""


def verify_summary(result: SummaryResult, llm: ModelClient, calibration: Calibration) -> SummaryResult:
    """The result with its unsupported key points dropped, an unsupported lead or headline replaced, and its
    verification recorded."""
    points, corrections = _recited(result.summary.key_points, result.article)
    written = {"summary": result.summary.summary, "headline": result.summary.headline}
    claims = [Claim(p.text, n, p.presented_as, tuple(p.sentence_ids)) for n, p in enumerate(points)]
    evidence = {
        k: _best_sentences(text, result.article) or tuple(points[0].sentence_ids) for k, text in written.items()
    }
    claims += [Claim(text, None, None, evidence[k]) for k, text in written.items()]
    checked = check_claims("", claims, [result.article], None, calibration).claims  # one evidence index for all of them
    asked: QuestionCache = {}  # a lead that repeats key point 1 against its sentence is not asked again
    reports = [
        _check_point(claim, checks, result.article, llm, calibration, asked)
        for claim, checks in zip(claims, checked, strict=True)
    ]
    usage = sum((u for _r, u in reports), Usage())
    lead_report, headline_report = reports.pop(-2)[0], reports.pop()[0]
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
    final, replaced, rewritten = _lead_and_headline(
        result, (lead_report, headline_report), kept, llm, calibration, asked
    )
    corrections += replaced
    usage += rewritten.usage if rewritten else Usage()
    verification = Verification(
        points=[
            _verification(p.text, p.sentence_ids, r, k, w.text if w else None)
            for p, (r, _u), k, w in zip(points, reports, keep, stand_ins, strict=True)
        ],
        dropped=sum(not k and w is None for k, w in zip(keep, stand_ins, strict=True)),
        summary=_verification(
            written["summary"], evidence["summary"], lead_report, final["summary"] == written["summary"]
        ),
        headline=_verification(
            written["headline"], evidence["headline"], headline_report, final["headline"] == written["headline"]
        ),
        headline_rewritten=rewritten.verification(final["headline"]) if rewritten else None,
        usage=usage,
    )
    summary = result.summary.model_copy(
        update={
            "key_points": kept,
            "summary": final["summary"],
            "headline": _as_headline(final["headline"]),
            "corrections": result.summary.corrections + corrections,
        }
    )
    return result.model_copy(
        update={"summary": summary, "verification": verification, "usage": result.usage + verification.usage}
    )


def _lead_and_headline(
    result: SummaryResult,
    reports: tuple[ClaimReport, ClaimReport],
    kept: list[KeyPoint],
    llm: ModelClient,
    calibration: Calibration,
    asked: QuestionCache,
) -> tuple[dict[str, str], list[str], _Rewritten | None]:
    """The lead and headline the summary keeps, the corrections made, and the headline written again (once,
    where the first was not supported): a lead or headline not supported gives way to a key point."""
    written = {"summary": result.summary.summary, "headline": result.summary.headline}
    final, corrections = dict(written), []
    lead_report, headline_report = reports
    rewritten = None
    if headline_report.verdict != "supported" and written["headline"] not in (p.text for p in kept):
        try:
            rewritten = _rewritten_headline(result, kept, llm, calibration, asked)
        except InvalidModelOutputError:  # the summary stands without it: a key point stands in, as it would
            rewritten = None
        if rewritten is not None and rewritten.report.verdict == "supported":
            final["headline"] = rewritten.text
            corrections.append(f"headline: {headline_report.verdict} by the sentences closest to it; written again")
    for part, report in (("summary", lead_report), ("headline", headline_report)):
        if report.verdict == "supported" or final[part] != written[part] or written[part] in (p.text for p in kept):
            continue
        number, final[part] = _stand_in(kept, HEADLINE_CHARACTERS if part == "headline" else None)
        again = "; written again, not supported either" if part == "headline" and rewritten else ""
        corrections.append(
            f"{part}: {report.verdict} by the sentences closest to it{again}; key point {number} stands in"
        )
    return final, corrections, rewritten


@dataclass(frozen=True)
class _Rewritten:
    """A headline written again, and how it fared against the sentences closest to it."""

    text: str
    cites: tuple[str, ...]
    report: ClaimReport
    usage: Usage

    def verification(self, final_headline: str) -> PointVerification:
        return _verification(self.text, self.cites, self.report, final_headline == self.text)


def _rewritten_headline(
    result: SummaryResult, kept: list[KeyPoint], llm: ModelClient, calibration: Calibration, asked: QuestionCache
) -> _Rewritten:
    """A headline written again, once, from the first kept key point's sentence, and checked as the first was."""
    text, usage = rewrite_headline(result.article, llm, kept[0].sentence_ids[0])
    cites = _best_sentences(text, result.article) or tuple(kept[0].sentence_ids)
    claim = Claim(text, None, None, cites)
    checks = check_claims("", [claim], [result.article], None, calibration).claims[0]
    report, judged = _check_point(claim, checks, result.article, llm, calibration, asked)
    return _Rewritten(text, cites, report, usage + judged)


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


def _stand_in(kept: list[KeyPoint], limit: int | None) -> tuple[int, str]:
    """The first kept key point (its number and text) that fits in `limit` characters, else key point 1: a headline
    is better whole than cut."""
    fits = [(n, p.text) for n, p in enumerate(kept, start=1) if limit is None or len(p.text) <= limit]
    return fits[0] if fits else (1, kept[0].text)


def _as_headline(text: str) -> str:
    if len(text) <= HEADLINE_CHARACTERS:
        return text
    return text[: HEADLINE_CHARACTERS - 1].rsplit(" ", 1)[0].rstrip(" ,;:") + "…"


LEAD_EVIDENCE = 3
"""Sentences the lead is checked against: together they hold most of its words (the judge reads them alone)."""


def _best_sentences(text: str, article: Article) -> tuple[str, ...]:
    """The ids of up to `LEAD_EVIDENCE` sentences that together cover most of `text`'s content words, each chosen
    for the words the ones before it left uncovered (a lead joins facts from several sentences), in article order."""
    wanted, chosen = _content_words(text), []
    words = [_content_words(s.text) for s in article.sentences]
    for _ in range(LEAD_EVIDENCE):
        gain, earliest = max(((len(wanted & w), -i) for i, w in enumerate(words)), default=(0, 0))
        if gain == 0:  # ties above go to the earlier sentence
            break
        chosen.append(article.sentences[-earliest].id)
        wanted -= words[-earliest]
    return tuple(s.id for s in article.sentences if s.id in chosen)


def _content_words(text: str) -> set[str]:
    return set(match_words(text)) - ENGLISH_FUNCTION_WORDS


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
