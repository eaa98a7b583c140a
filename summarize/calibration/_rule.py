"""The judge's decision rule: how the judge's signals become P(supported), and the threshold on it.

A rule is plain data (weights, bias, threshold, provenance), fitted on development data by
`evals/fit_decision.py` (with `_fit.py`) and shipped as JSON beside this module (`calibration.json`): never a
pickle, always with where it came from.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from summarize._errors import InputError
from summarize.files import read_input

SIGNALS = (
    "whole", "window", "clause", "coverage", "retrieval", "copy", "anchor_na", "anchor_first",
    "stated", "fact_words", "sentence_words",
)  # fmt: skip
"""What the checker measures per claim: the judge's P(Yes) on the whole sources and on a window of evidence,
of its least-covered clause alone on the whole sources (claims of several clauses, where asked), the share of
the claim's words in its evidence, the best BM25 score, 1 where it copies a source sentence (the
copy check, which supports it whatever the judge says); and, once per set of sources, the judge's
P(Yes) for two anchor claims against the whole sources: "N/A" (content-free) and their first sentence word for
word (trivially true). Per key fact of a coverage check: the judge's P(Yes) that the summary states it
(`stated`), the share of its content words in the summary (`fact_words`) and in the summary's best sentence
(`sentence_words`)."""
PROBABILITIES = ("whole", "window", "clause", "max", "max_clause", "stated")
"""The features that are the judge's probabilities: log-odds under the logit transform."""
ANCHOR_SIGNALS = ("anchor_na", "anchor_first")
COMBINED = ("max", "max_clause")
"""Features made of signals: the larger judge probability (whole, window), and that or, lower, the probability
for the claim's least-covered clause alone (claims of one clause have none)."""
EditCheck = Literal["antonym", "negation", "insertion"]
"""The checks written for SummEdits' kinds of edit (`summarize.checker`): unsure unless a rule lets them decide."""
_EPSILON = 1e-4
_MIN_ANCHOR_SPREAD = 0.5
"""Log-odds: where the judge barely tells the true anchor from the empty one, do not blow its answers up."""


class Calibration(BaseModel):
    """A decision rule on the judge's signals: score = sigmoid(bias + sum(weight * feature)), or a raw signal."""

    model_config = ConfigDict(extra="forbid")

    threshold: float = Field(ge=0.0, le=1.0)
    """A claim is supported iff its score reaches this."""
    provenance: str
    """Which data, model and procedure produced the rule; every report carries it."""
    weights: dict[str, float] = Field(default_factory=lambda: {"whole": 1.0})
    """Feature -> weight; features are the signals and `COMBINED`, in logit form if `transform`."""
    bias: float = 0.0
    transform: Literal["identity", "logit"] = "identity"
    """identity: the score is the weighted sum itself (one weight 1.0 = that signal); logit: features are
    log-odds and the score is the sigmoid of the sum (logistic regression)."""
    deciding_checks: list[EditCheck] = Field(default_factory=list)
    """The edit checks whose failure decides a claim under this rule (the others are shown, and the judge decides).
    In the fitting core a claim's signals carry 1.0 under `antonym` or `negation` where that check failed, and its
    least-covered clause's share of content words in the sources under `clause_coverage`."""
    inserted_coverage: float = Field(default=0.34, ge=0.0, le=1.0)
    """The insertion check fails where a clause of the claim has less than this share of its content words in the
    sources."""
    per_document: Literal["none", "rescaled"] = "none"
    """rescaled: read the whole-document P(Yes) against the same sources' answers for the anchor claims
    ("Calibrate Before Use", Zhao et al. 2021), see `rescaled_whole`; none: as the judge gave it."""

    @field_validator("weights")
    @classmethod
    def _known_features(cls, weights: dict[str, float]) -> dict[str, float]:
        if not weights:
            raise ValueError("at least one weight")
        if unknown := sorted(set(weights) - {*SIGNALS, *COMBINED}):
            raise ValueError(f"unknown feature {unknown[0]!r}; known: max, max_clause, {', '.join(SIGNALS)}")
        return weights

    @property
    def signals_needed(self) -> set[str]:
        """The signals this rule reads (`max` needs both judge questions; a rescaled rule the anchors too)."""
        names = set(self.weights)
        needed = (names - set(COMBINED)) | ({"whole", "window"} if names & set(COMBINED) else set())
        needed |= {"clause"} if "max_clause" in names else set()
        return needed | (set(ANCHOR_SIGNALS) if self.per_document == "rescaled" else set())

    def features(self, signals: Mapping[str, float]) -> list[float]:
        """The rule's features of one claim, in the order of `weights` (log-odds where `transform` is logit)."""
        if self.per_document == "rescaled":
            signals = {**signals, "whole": rescaled_whole(signals)}
        return feature_vector(signals, list(self.weights), self.transform)

    def decided_by_checks(self, signals: Mapping[str, float]) -> bool:
        """Whether an edit check this rule lets decide failed on the claim (as its signals record it)."""
        for check in self.deciding_checks:
            if check == "insertion" and signals.get("clause_coverage", 1.0) < self.inserted_coverage:
                return True
            if check != "insertion" and signals.get(check, 0.0):
                return True
        return False

    def settled_without_window(self, signals: Mapping[str, float]) -> bool:
        """Whether a `max` rule already calls the claim supported on the whole-document answer alone, so the
        window question cannot change its verdict (a larger window answer only raises the score)."""
        return self.reads_either_answer and self.score({**signals, "window": 0.0}) >= self.threshold

    def settled_without_whole(self, signals: Mapping[str, float]) -> bool:
        """The same from the other side: a `max` rule (without anchors) that calls the claim supported on its
        window answer alone, so the whole-document question cannot change its verdict."""
        plain = self.per_document == "none"
        return plain and self.reads_either_answer and self.score({**signals, "whole": 0.0}) >= self.threshold

    @property
    def reads_either_answer(self) -> bool:
        """A rule on the larger of the two judge answers, so that either one reaching the threshold decides."""
        return set(self.weights) == {"max"} and self.transform == "identity" and self.weights["max"] > 0

    def score(self, signals: Mapping[str, float]) -> float:
        """P(supported) of one claim under this rule."""
        features = self.features(signals)
        total = self.bias + sum(w * f for w, f in zip(self.weights.values(), features, strict=True))
        if self.transform == "identity":
            return total
        return 1.0 / (1.0 + math.exp(-total))

    def with_threshold(self, threshold: float, provenance: str | None = None) -> Calibration:
        """The same rule at another threshold."""
        return self.model_copy(update={"threshold": threshold, "provenance": provenance or self.provenance})


def feature_vector(signals: Mapping[str, float], names: Sequence[str], transform: str) -> list[float]:
    """The named features of one claim's signals (`max` = the larger judge probability)."""
    values = []
    for name in names:
        if name in COMBINED:
            value = max(signals.get("whole", 0.0), signals.get("window", 0.0))
            value = min(value, signals.get("clause", 1.0)) if name == "max_clause" else value
        else:
            value = signals[name]
        is_probability = name in PROBABILITIES
        values.append(_logit(value) if transform == "logit" and is_probability else value)
    return values


def rescaled_whole(signals: Mapping[str, float]) -> float:
    """The whole-document P(Yes) on the scale its own sources set: 0.5 where the judge answers as it does for
    "N/A", about 0.73 where it answers as for a sentence of the sources, in log-odds between the two. Without
    anchors (sources too long to read whole) it is the judge's answer as is."""
    if not all(name in signals for name in ANCHOR_SIGNALS):
        return signals["whole"]
    empty, true = _logit(signals["anchor_na"]), _logit(signals["anchor_first"])
    spread = max(_MIN_ANCHOR_SPREAD, true - empty)
    return 1.0 / (1.0 + math.exp(-(_logit(signals["whole"]) - empty) / spread))


def _logit(p: float) -> float:
    p = min(max(p, _EPSILON), 1 - _EPSILON)
    return math.log(p / (1 - p))


def load_calibration(path: Path) -> Calibration:
    """A decision rule from a JSON file, such as one `summarize eval calibrate` wrote."""
    try:
        text = read_input(path, limit=1 << 20).decode("utf-8")
    except UnicodeDecodeError:
        raise InputError(f"{path}: not a calibration file (not UTF-8 text)") from None
    try:
        return Calibration.model_validate_json(text)
    except ValidationError as error:
        problem = error.errors()[0]
        where = ".".join(str(part) for part in problem["loc"]) or "the file"
        raise InputError(f"{path}: not a calibration file ({where}: {problem['msg']})") from None


EMBEDDED_CALIBRATION = Calibration.model_validate_json((Path(__file__).parent / "calibration.json").read_text())
"""The shipped rule for the embedded model (`calibration.json`); for other models a starting point."""
COVERAGE_CALIBRATION = Calibration.model_validate_json((Path(__file__).parent / "coverage.json").read_text())
"""The shipped coverage rule (`coverage.json`): whether a summary states a key fact, from the judge's answer and
the fact's words, fitted on REALSumm's development half by `evals/fit_coverage.py`."""
