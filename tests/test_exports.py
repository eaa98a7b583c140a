"""The package's public names: pinned, so adding or removing one is a decision, and exactly `__all__`."""

import types
from pathlib import Path

import summarize

FEATURES = sorted(p.name for p in Path(summarize.__file__).parent.iterdir() if (p / "__init__.py").is_file())
PUBLIC = {
    "DeadlineError",
    "OutputError",
    "CoverageReport",
    "FactCoverage",
    "KeyFact",
    "article_key_facts",
    "coverage",
    "read_key_facts",
    "CalibrationFit",
    "FitFigures",
    "fit_calibration",
    "load_calibration",
    "PointVerification",
    "Verification",
    "Disagreement",
    "OutletProfile",
    "OutletSupport",
    "StoryFact",
    "StoryReport",
    "story",
    "astory",
    "story_html",
    "story_markdown",
    "Article",
    "BatchResult",
    "BatchSummary",
    "ArticleTooLongError",
    "Calibration",
    "CheckReport",
    "CheckResult",
    "CheckedSummary",
    "ClaimReport",
    "Comparison",
    "DatasetError",
    "Deployment",
    "EMBEDDED",
    "EMBEDDED_CALIBRATION",
    "EmptyInputError",
    "Entity",
    "EvidenceSentence",
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
    "OutputExistsError",
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
    "StructuredMode",
    "SummariesMetrics",
    "SummarizeError",
    "Summary",
    "SummaryResult",
    "Usage",
    "Verdict",
    "__version__",
    "abatch",
    "acheck",
    "article_from_text",
    "asummarize",
    "batch",
    "check",
    "compare_runs",
    "evaluate_summaries",
    "json_document",
    "json_schema",
    "load_article",
    "resolve_settings",
    "describe_settings",
    "Settings",
    "read_metrics",
    "read_predictions",
    "read_summary",
    "report_html",
    "report_markdown",
    "run_eval",
    "schema_names",
    "summarize",
    "summary_html",
    "summary_markdown",
}


def test_all_is_pinned():
    assert set(summarize.__all__) == PUBLIC
    assert len(summarize.__all__) == len(PUBLIC), "no name twice"


def test_all_matches_the_namespace():
    public = {
        name
        for name in dir(summarize)
        if not name.startswith("_") and not isinstance(getattr(summarize, name), types.ModuleType)
    }
    assert public | {"__version__"} == set(summarize.__all__)


def test_subpackages_say_what_they_own_and_export_what_they_list():
    for name in FEATURES:
        module = __import__(f"summarize.{name}", fromlist=["_"])
        assert module.__doc__ and len(module.__doc__.split()) >= 8, name
        for exported in getattr(module, "__all__", []):
            assert hasattr(module, exported), f"summarize.{name} lists {exported} but lacks it"


def test_every_private_module_is_banned_outside_the_package():
    import tomllib
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    settings = tomllib.loads((root / "pyproject.toml").read_text())
    banned = set(settings["tool"]["ruff"]["lint"]["flake8-tidy-imports"]["banned-api"])
    private = {
        ".".join(path.relative_to(root).with_suffix("").parts)
        for path in (root / "summarize").rglob("_*.py")
        if path.name not in ("__init__.py", "__main__.py") and "cli" not in path.relative_to(root).parts
    }
    assert private == banned, "pyproject's banned-api list must name every private module"
