"""Summary + sources -> CheckReport: claims, evidence, deterministic checks, the judge, and their combination."""

from __future__ import annotations

import time
from dataclasses import dataclass

from pydantic import BaseModel, Field

from summarize._errors import EmptyInputError, InputError
from summarize._progress import step
from summarize.calibration import ANCHOR_SIGNALS, Calibration
from summarize.checker._checks import attribution_check, copy_check, insertion_check, run_checks
from summarize.checker._evidence import EvidenceIndex
from summarize.checker._judge import AnchorCache, Judge, Judgement, QuestionCache
from summarize.checker._schema import (
    CheckReport,
    CheckResult,
    Claim,
    ClaimReport,
    EvidenceSentence,
    JudgeSettings,
    Verdict,
)
from summarize.input import Article, split_sentences
from summarize.llm import ModelClient, Usage
from summarize.summary import Summary, SummaryResult
from summarize.templates import render
from summarize.text import (
    addresses_model,
    as_reported,
    content_stems,
    least_covered_clause,
    looks_english,
    unescape_quotes,
    without_instructions,
)

COVERAGE_FOR_CONTRADICTION = 0.6
"""An unsupported claim whose content words mostly appear in its evidence is about what the sources discuss:
contradicted. One whose words mostly do not is not in the source. (Asked directly, the embedded model's
"does the document contradict the claim?" rated a true claim highest: it is not used.)"""
WINDOW_SETTLES = 0.59
"""The share of judged claims whose window answer alone reaches the shipped rule's threshold: 353 of 603 over the
development runs recorded with every question (frank-valid, summedits-news-eval, frank-bbc-heldout,
frank-cnndm-extra; 0.21 to 0.74 by run; `python evals/window_settles.py`). Only the order of questions depends on
it, never a verdict."""
VERDICTS: tuple[Verdict, ...] = ("supported", "contradicted", "not_in_source", "unverified")


def claims_of(summary: SummaryResult | Summary | str) -> tuple[str, list[Claim]]:
    """The claims to check: our schema's key points, or the sentences of any plain-text summary."""
    if isinstance(summary, SummaryResult):
        summary = summary.summary
    if isinstance(summary, Summary):
        claims = [
            Claim(p.text, index, p.presented_as, tuple(p.sentence_ids)) for index, p in enumerate(summary.key_points)
        ]
        return summary.summary, claims
    claims = [Claim(s.text) for s in split_sentences(summary)] if summary.strip() else []
    return summary.strip(), claims


def check_claims(
    summary_text: str,
    claims: list[Claim],
    articles: list[Article],
    llm: ModelClient | None,
    calibration: Calibration,
    *,
    deterministic: bool = True,
    every_question: bool = False,
    ask_clauses: bool = False,
    judge_decided: bool = False,
    anchor_cache: AnchorCache | None = None,
    question_cache: QuestionCache | None = None,
    cheapest_order: bool = False,
) -> CheckReport:
    """Check every claim against the sources; `llm=None` runs the deterministic checks alone, and
    `deterministic=False` the judge alone (when the checks already ran against fuller sources).

    The judge skips a window question that cannot change a verdict, and a claim that copies a source sentence;
    `every_question` asks them all the same (evaluation runs: their recordings then serve any rule a refit
    chooses). `ask_clauses` also asks about each claim's least-covered clause alone (the `clause` signal), as a
    rule that reads it does; `judge_decided` asks about claims a failed check decided too (their verdict stays
    the check's): a recording then serves rules whose checks decide otherwise. `anchor_cache` shares the anchor
    answers between checks of the same sources, `question_cache` every answer. `cheapest_order` asks each claim's
    window before the whole sources, and the whole only where the window leaves the verdict open, where that is
    expected to read less (few claims against long sources, as in story mode): the same verdicts under a rule on
    the larger answer.
    """
    _refuse_unusable(claims, articles)
    started = time.monotonic()
    index = EvidenceIndex(articles)
    prepared = [_prepare(claim, articles, index, deterministic, calibration) for claim in claims]
    judgements: dict[int, dict[str, Judgement]] = {}
    anchors: dict[str, Judgement] = {}
    judge = Judge(llm, articles, calibration, anchor_cache, question_cache) if llm is not None else None
    to_judge = [p for p in prepared if (judge_decided or not p.failed) and (every_question or not p.copied)]
    windows_first = cheapest_order and _windows_can_settle(calibration, every_question, ask_clauses)
    if judge and to_judge and windows_first and _windows_read_less(to_judge, judge):
        judgements = _judge_windows_first(to_judge, judge)
    elif judge and to_judge:
        anchors, judgements = _judge_all(to_judge, judge, every_question, ask_clauses)
    reports = [_decide(p, judgements.get(id(p)), anchors, calibration) for p in prepared]
    asked = [*anchors.values(), *(j for pair in judgements.values() for j in pair.values())]
    usage = sum((j.usage for j in asked), Usage())
    usage = usage.model_copy(update={"seconds": time.monotonic() - started})
    methods = {j.method for j in asked}
    settings = judge.settings("generative" if "generative" in methods else "logprobs") if judge else None
    return _report(summary_text, articles, reports, settings, usage)


@dataclass
class _Prepared:
    """A claim with its evidence and deterministic checks, before any model call."""

    claim: Claim
    evidence: list[EvidenceSentence]
    checks: list[CheckResult]
    said: str
    """The claim without any instruction to the model inside it."""
    clause: str | None = None
    """Of a claim of several clauses, the one its sources support least (`text.least_covered_clause`)."""

    @property
    def judged_text(self) -> str:
        """What the judge reads: what is said, and for our key point labelled "reported", as a report."""
        return as_reported(self.said) if self.said and self.claim.presented_as == "reported" else self.said

    @property
    def failed(self) -> list[CheckResult]:
        """The failed checks that decide the verdict (an unsure check leaves it to the judge)."""
        return [c for c in self.checks if not c.passed and c.decides]

    @property
    def copied(self) -> CheckResult | None:
        """The passed copy check that makes the claim supported without the judge, if any."""
        return next((c for c in self.checks if c.check == "copy" and c.passed), None)


def _prepare(
    claim: Claim, articles: list[Article], index: EvidenceIndex, deterministic: bool, calibration: Calibration
) -> _Prepared:
    said = without_instructions(claim.text) if addresses_model(claim.text) else claim.text
    evidence = index.top(said or claim.text)
    weakest = least_covered_clause(said, [s.text for a in articles for s in a.sentences]) if said else None
    clause = weakest[0] if weakest else None
    if not deterministic:
        return _Prepared(claim, evidence, [], said, clause)
    checks, evidence = run_checks(unescape_quotes(claim.text), articles, evidence, index)
    inserted = insertion_check(*weakest, calibration.inserted_coverage) if weakest else None
    checks += [inserted] if inserted else []
    checks = [c.model_copy(update={"decides": True}) if c.check in calibration.deciding_checks else c for c in checks]
    attribution = attribution_check(claim, articles[0])
    prepared = _Prepared(claim, evidence, checks + ([attribution] if attribution else []), said, clause)
    copied = None if prepared.failed else copy_check(unescape_quotes(said), articles, index)
    if copied is not None:
        check, sentence = copied
        prepared.checks.append(check)
        others = [e for e in evidence if (e.source, e.sentence_id) != (sentence.source, sentence.sentence_id)]
        prepared.evidence = [sentence, *others]
    return prepared


def _judge_all(
    prepared: list[_Prepared], judge: Judge, every_question: bool, ask_clauses: bool = False
) -> tuple[dict[str, Judgement], dict[int, dict[str, Judgement]]]:
    """The anchors and the whole-document questions (each claim, and its weakest clause where asked) first, all
    together, so the server reuses the cached sources; then the windows, each where it can still change the
    verdict. `every_question` asks the anchors and every window whatever the rule reads, so that an eval run's
    recording serves any rule a refit picks; `ask_clauses` the clauses too."""
    wanted = judge.calibration.signals_needed | (set(ANCHOR_SIGNALS) | {"window"} if every_question else set())
    wanted |= {"clause"} if ask_clauses else set()
    anchors = judge.anchors() if wanted & set(ANCHOR_SIGNALS) else {}
    anchor_signals = {name: round(j.probability, 4) for name, j in anchors.items()}
    found: dict[int, dict[str, Judgement]] = {id(p): {} for p in prepared}
    for number, p in enumerate(prepared, start=1):
        step("judging claim %d/%d", number, len(prepared))
        found[id(p)]["whole"] = judge.supported(p.judged_text, p.evidence)
        if "clause" in wanted and p.clause:
            found[id(p)]["clause"] = judge.supported(p.clause, p.evidence)
    if "window" in wanted:
        for number, p in enumerate(prepared, start=1):
            known = {**anchor_signals, "whole": round(found[id(p)]["whole"].probability, 4)}
            if every_question or not judge.calibration.settled_without_window(known):
                step("judging claim %d/%d on its closest passage", number, len(prepared))
                found[id(p)]["window"] = judge.window_supported(p.judged_text, p.evidence)
    return anchors, found


def _windows_can_settle(calibration: Calibration, every_question: bool, ask_clauses: bool) -> bool:
    """Whether a window answer alone can decide under this rule, with no question that needs the whole sources
    whatever the answers (anchors, clauses, an evaluation's every question)."""
    needed = calibration.signals_needed
    return calibration.reads_either_answer and not (every_question or ask_clauses or needed & set(ANCHOR_SIGNALS))


def _windows_read_less(prepared: list[_Prepared], judge: Judge) -> bool:
    """Whether asking the windows first is expected to read less than asking the whole sources first.

    The whole sources are skipped only if every window settles its claim (each with chance p), and whole-first
    skips a window for each claim its whole answer settles (about as often), so windows first read less where
    p * windows < p ** n * whole, the lengths in characters (the prompt's share each question pays for)."""
    windows = sum(len(judge.window_document(p.evidence)) for p in prepared)
    whole = len(judge.whole_document(prepared[0].evidence))
    return windows < WINDOW_SETTLES ** (len(prepared) - 1) * whole


def _judge_windows_first(prepared: list[_Prepared], judge: Judge) -> dict[int, dict[str, Judgement]]:
    """Each claim's window, then the whole sources for the claims their window leaves open (all together, so the
    server reads the sources once)."""
    found: dict[int, dict[str, Judgement]] = {}
    for number, p in enumerate(prepared, start=1):
        step("judging claim %d/%d on its closest passage", number, len(prepared))
        found[id(p)] = {"window": judge.window_supported(p.judged_text, p.evidence)}
    for number, p in enumerate(prepared, start=1):
        if not judge.calibration.settled_without_whole({"window": round(found[id(p)]["window"].probability, 4)}):
            step("judging claim %d/%d", number, len(prepared))
            found[id(p)]["whole"] = judge.supported(p.judged_text, p.evidence)
    return found


def _decide(
    prepared: _Prepared,
    judged: dict[str, Judgement] | None,
    anchors: dict[str, Judgement],
    calibration: Calibration,
) -> ClaimReport:
    claim, evidence = prepared.claim, prepared.evidence
    base = {"claim": claim.text, "key_point": claim.key_point, "evidence": evidence, "checks": prepared.checks}
    if judged is None:
        verdict, rationale = _deterministic_verdict(prepared.failed, prepared.copied)
        return ClaimReport(verdict=verdict, rationale=rationale, **base)
    signals = {name: round(j.probability, 4) for name, j in {**anchors, **judged}.items()}
    if prepared.failed:  # judged only because an evaluation asks about decided claims too
        verdict, rationale = _deterministic_verdict(prepared.failed, None)
        return ClaimReport(verdict=verdict, rationale=rationale, signals=signals, **base)
    signals["coverage"] = round(coverage(prepared.said, evidence), 4)
    signals["retrieval"] = round(evidence[0].score, 4) if evidence else 0.0
    signals["copy"] = 1.0 if prepared.copied else 0.0
    probability = calibration.score(signals)
    verdict = _judged_verdict(prepared.copied is not None or probability >= calibration.threshold, signals["coverage"])
    if prepared.copied is not None:  # judged only because an evaluation asks every question
        rationale = f"copy check: {prepared.copied.detail}; judge: P(supported) {probability:.2f}"
    else:
        rationale = _judge_rationale(verdict, probability, signals["coverage"], calibration.threshold, evidence)
    return ClaimReport(verdict=verdict, probability=round(probability, 4), signals=signals, rationale=rationale, **base)


def _judged_verdict(supported: bool, covered: float) -> Verdict:
    if supported:
        return "supported"
    return "contradicted" if covered >= COVERAGE_FOR_CONTRADICTION else "not_in_source"


class _AtomicClaims(BaseModel):
    """The atomic facts of one sentence."""

    facts: list[str] = Field(min_length=1, description="Each a short, self-contained statement.")


def split_into_atomic_claims(claims: list[Claim], llm: ModelClient) -> tuple[list[Claim], Usage]:
    """Ask the model to split each claim into atomic facts (one structured call per claim)."""
    atomic: list[Claim] = []
    usage = Usage()
    for number, claim in enumerate(claims, start=1):
        step("splitting claim %d/%d into atomic facts", number, len(claims))
        messages = [{"role": "user", "content": render("atomic_claims", claim=claim.text)}]
        split, call_usage = llm.structured(_AtomicClaims, messages, context={}, max_tokens=300)
        atomic += [
            Claim(fact.strip(), claim.key_point, claim.presented_as, claim.cites)
            for fact in split.facts
            if fact.strip()
        ]
        usage += call_usage
    return atomic, usage


def _refuse_unusable(claims: list[Claim], articles: list[Article]) -> None:
    if not claims:
        raise EmptyInputError("the summary has no claims to check")
    if not articles:
        raise InputError("no source article given (use --source)")
    for article in articles:
        if not looks_english(article.text):
            raise InputError(f"{article.source}: does not look like English; the checker reads English sources")


def coverage(claim: str, evidence: list[EvidenceSentence], top: int = 3) -> float:
    """Share of the claim's content words (crudely stemmed) found in its best evidence sentences."""
    wanted = content_stems(claim)
    found: set[str] = set().union(*(content_stems(e.text) for e in evidence[:top])) if evidence else set()
    return len(wanted & found) / len(wanted) if wanted else 0.0


def _deterministic_verdict(failed: list[CheckResult], copied: CheckResult | None) -> tuple[Verdict, str]:
    if copied is not None:  # the copy check runs only where no check failed
        return "supported", f"copy check: {copied.detail}; no judge needed"
    if not failed:
        return "unverified", "no deterministic check decided it, and no judge ran"
    first = next((c for c in failed if c.contradicts), failed[0])
    verdict: Verdict = "contradicted" if first.contradicts else "not_in_source"
    return verdict, f"{first.check} check failed: {first.detail}"


def _judge_rationale(
    verdict: Verdict, probability: float, covered: float, threshold: float, evidence: list[EvidenceSentence]
) -> str:
    best = evidence[0].sentence_id if evidence else "none"
    judged = f"judge: P(supported) {probability:.2f}"
    if verdict == "supported":
        return f"{judged} >= threshold {threshold:.2f}; best evidence {best}"
    topic = "the sources discuss it" if verdict == "contradicted" else "the sources barely mention its subject"
    share = f"{covered:.0%} of its words in the evidence"
    return f"{judged} < threshold {threshold:.2f}; {topic} ({share}); best evidence {best}"


def _report(
    summary_text: str, articles: list[Article], claims: list[ClaimReport], judge: JudgeSettings | None, usage: Usage
) -> CheckReport:
    counts = {v: sum(c.verdict == v for c in claims) for v in VERDICTS}
    return CheckReport(
        sources=[a.source for a in articles],
        summary=summary_text,
        claims=claims,
        consistent=counts["supported"] == len(claims),
        supported_share=round(counts["supported"] / len(claims), 4),
        counts=counts,
        judge=judge,
        usage=usage,
    )
