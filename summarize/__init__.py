"""summarize: structured, source-checked summaries of news articles through any LLM provider.

```python
from pathlib import Path
from summarize import summarize, check

result = summarize(Path("article.html"))      # the embedded local model by default
report = check(result, [result.article])
print(result.summary.headline, report.consistent)
```

The features live in subpackages (`input`, `text`, `llm`, `calibration`, `settings`, `summary`, `checker`,
`summarizer`, `story`, `batch`, `eval`, `report`, `cli`); this module re-exports what callers need. Modules whose
names start with `_` are private to their feature.
"""

from summarize._errors import (
    ArticleTooLongError,
    DatasetError,
    EmptyInputError,
    InputError,
    InputFileError,
    InvalidModelOutputError,
    ModelError,
    ModelIntegrityError,
    ModelNotInstalledError,
    NoArticleTextError,
    NotEnglishError,
    OutputExistsError,
    ProviderAuthError,
    ProviderRequestError,
    ProviderUnreachableError,
    ReplayMissError,
    SummarizeError,
)
from summarize._version import SCHEMA_VERSION, __version__
from summarize.batch import BatchResult, BatchSummary, abatch, batch
from summarize.calibration import EMBEDDED_CALIBRATION, Calibration, FitFigures, load_calibration
from summarize.checker import (
    CheckReport,
    CheckResult,
    ClaimReport,
    EvidenceSentence,
    JudgeSettings,
    Verdict,
    acheck,
    check,
    read_summary,
)
from summarize.eval import (
    CalibrationFit,
    Comparison,
    Prediction,
    RunMetrics,
    RunSpec,
    Selection,
    SummariesMetrics,
    compare_runs,
    evaluate_summaries,
    fit_calibration,
    read_metrics,
    read_predictions,
    run_eval,
)
from summarize.input import Article, Sentence, article_from_text, load_article
from summarize.llm import (
    EMBEDDED,
    Deployment,
    ModelClient,
    ModelConfig,
    RetryPolicy,
    StructuredMode,
    Usage,
)
from summarize.report import (
    CheckedSummary,
    json_document,
    json_schema,
    report_html,
    report_markdown,
    schema_names,
    story_html,
    story_markdown,
    summary_markdown,
)
from summarize.settings import Settings, describe_settings, resolve_settings
from summarize.story import Disagreement, OutletProfile, OutletSupport, StoryFact, StoryReport, story
from summarize.summarizer import asummarize, summarize
from summarize.summary import (
    Entity,
    KeyPoint,
    PointVerification,
    Presentation,
    Quote,
    Summary,
    SummaryResult,
    Verification,
)

__all__ = [
    "Article",
    "ArticleTooLongError",
    "BatchResult",
    "BatchSummary",
    "Calibration",
    "CalibrationFit",
    "CheckReport",
    "CheckResult",
    "CheckedSummary",
    "ClaimReport",
    "Comparison",
    "DatasetError",
    "Deployment",
    "Disagreement",
    "EMBEDDED",
    "EMBEDDED_CALIBRATION",
    "EmptyInputError",
    "Entity",
    "EvidenceSentence",
    "FitFigures",
    "InputError",
    "InputFileError",
    "InvalidModelOutputError",
    "JudgeSettings",
    "KeyPoint",
    "ModelClient",
    "ModelConfig",
    "ModelError",
    "ModelIntegrityError",
    "ModelNotInstalledError",
    "NoArticleTextError",
    "NotEnglishError",
    "OutletProfile",
    "OutletSupport",
    "OutputExistsError",
    "PointVerification",
    "Prediction",
    "Presentation",
    "ProviderAuthError",
    "ProviderRequestError",
    "ProviderUnreachableError",
    "Quote",
    "ReplayMissError",
    "RetryPolicy",
    "RunMetrics",
    "RunSpec",
    "SCHEMA_VERSION",
    "Selection",
    "Sentence",
    "Settings",
    "StoryFact",
    "StoryReport",
    "StructuredMode",
    "SummariesMetrics",
    "SummarizeError",
    "Summary",
    "SummaryResult",
    "Usage",
    "Verdict",
    "Verification",
    "__version__",
    "abatch",
    "acheck",
    "article_from_text",
    "asummarize",
    "batch",
    "check",
    "compare_runs",
    "describe_settings",
    "evaluate_summaries",
    "fit_calibration",
    "json_document",
    "json_schema",
    "load_article",
    "load_calibration",
    "resolve_settings",
    "read_metrics",
    "read_predictions",
    "read_summary",
    "report_html",
    "report_markdown",
    "run_eval",
    "schema_names",
    "story",
    "story_html",
    "story_markdown",
    "summarize",
    "summary_markdown",
]
