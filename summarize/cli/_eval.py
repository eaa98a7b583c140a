"""`summarize eval`: measure the checker on labelled data, compare runs, evaluate the summarizer."""

from __future__ import annotations

from pathlib import Path

import click
from click_default_group import DefaultGroup

from summarize import (
    EMBEDDED_CALIBRATION,
    CalibrationFit,
    FitFigures,
    OutputExistsError,
    Selection,
    Settings,
    compare_runs,
    evaluate_summaries,
    fit_calibration,
    run_eval,
)
from summarize.cli._common import (
    CHECK_SETTINGS,
    CONTEXT,
    ArticlePath,
    OutputPath,
    echo,
    emit,
    errors_as_exit_codes,
    guard_output,
    settings_epilog,
    settings_options,
    verbosity_options,
)
from summarize.cli._output import OutputRequest, output_options
from summarize.eval import (
    comparison_markdown,
    coverage_eval_markdown,
    evaluate_coverage,
    load_coverage_dataset,
    per_document,
    run_markdown,
    summaries_markdown,
)

RunFolder = click.Path(file_okay=False, path_type=Path)
SETTINGS = (*CHECK_SETTINGS, "recordings")


def recording_options(function: click.decorators.FC) -> click.decorators.FC:
    """--record and --replay, shared by the eval commands (the folder is the `recordings` setting)."""
    function = click.option("--replay", metavar="NAME", help="Replay recording NAME offline (no model, no key).")(
        function
    )
    return click.option("--record", metavar="NAME", help="Record every model answer as recording NAME.")(function)


def _eval() -> None:
    """Measure the checker on labelled data (`eval DATASET`), compare runs, evaluate summaries."""


eval_group: click.Group = DefaultGroup(
    "eval",
    callback=_eval,
    help=_eval.__doc__,
    default="run",
    default_if_no_args=False,
    context_settings=CONTEXT,
    short_help="Measure the checker; evaluate summaries.",
)


@eval_group.command(
    "run", context_settings=CONTEXT, short_help="Run the checker over labelled data.", epilog=settings_epilog(*SETTINGS)
)
@click.argument("dataset", type=ArticlePath, metavar="DATASET")
@click.option("--out", type=RunFolder, metavar="DIR", help="Run directory.  [default: ./runs/<recording or dataset>]")
@settings_options(*SETTINGS)
@click.option("--sample", type=click.IntRange(min=1), help="A fixed random sample of N items.")
@click.option("--seed", type=int, default=0, show_default=True, help="Seed of the sample.")
@click.option("--by-doc", is_flag=True, help="Sample whole documents (with all their items) until N items.")
@click.option("--limit", type=click.IntRange(min=1), help="Only the first N (selected) items.")
@click.option("--no-llm", is_flag=True, help="Deterministic checks only.")
@click.option("--ask-clauses", is_flag=True, help="Also ask the judge about each claim's least-covered clause alone.")
@click.option("--judge-decided", is_flag=True, help="Also ask the judge about claims a failed check decided.")
@recording_options
@click.option("--progress/--no-progress", default=True, show_default=True, help="A progress bar on stderr.")
@output_options("md", "json", html=False, to_file=False)
@verbosity_options
def eval_run_command(
    dataset: Path,
    out: Path | None,
    settings: Settings,
    sample: int | None,
    seed: int,
    by_doc: bool,
    limit: int | None,
    no_llm: bool,
    ask_clauses: bool,
    judge_decided: bool,
    record: str | None,
    replay: str | None,
    progress: bool,
    outputs: OutputRequest,
) -> None:
    """Run the checker over DATASET (LLM-AggreFact JSONL or CSV: doc, claim, label); resumable.

    \b
    Examples:
      summarize eval data.jsonl --sample 200 --seed 0 --by-doc
      summarize eval data.jsonl --record mine         record every model answer
      summarize eval data.jsonl --replay mine         replay offline

    Prints the metrics as Markdown (--format json: n, balanced accuracy, ROC AUC, cost per item); the run
    directory holds them all: run.json, predictions.jsonl, metrics.json, report.md.
    """
    with errors_as_exit_codes():
        chosen = outputs.resolve([dataset])
        name = record or replay or dataset.stem
        metrics = run_eval(
            dataset,
            out or Path("runs") / name,
            settings=settings,
            use_llm=not no_llm,
            selection=Selection(sample=sample, seed=seed, limit=limit, by_doc=by_doc),
            record=record,
            replay=replay,
            progress=progress,
            ask_clauses=ask_clauses,
            judge_decided=judge_decided,
        )
        chosen.write(
            {
                "md": lambda: run_markdown(metrics),
                "json": lambda: metrics.model_dump_json(include={"n", "balanced_accuracy", "roc_auc", "per_item"}),
            }
        )


@eval_group.command("compare", context_settings=CONTEXT, short_help="Compare two runs.")
@click.argument("run_a", type=click.Path(file_okay=False, exists=True, path_type=Path), metavar="RUN_A")
@click.argument("run_b", type=click.Path(file_okay=False, exists=True, path_type=Path), metavar="RUN_B")
@output_options("md", "json", html=False)
def eval_compare_command(run_a: Path, run_b: Path, outputs: OutputRequest) -> None:
    """Metric deltas (RUN_B - RUN_A) between two run directories, and the items whose prediction flipped.

    \b
    Example:
      summarize eval compare runs/before runs/after
      summarize eval compare runs/before runs/after --json
    """
    with errors_as_exit_codes():
        chosen = outputs.resolve([])
        comparison = compare_runs(run_a, run_b)
        chosen.write({"md": lambda: comparison_markdown(comparison), "json": comparison.model_dump_json})


@eval_group.command(
    "summaries",
    context_settings=CONTEXT,
    short_help="Summarize and check articles.",
    epilog=settings_epilog(*SETTINGS),
)
@click.argument("articles", nargs=-1, required=True, type=ArticlePath, metavar="ARTICLE...")
@click.option("--out", type=RunFolder, default=Path("runs/summaries"), show_default=True, metavar="DIR")
@settings_options(*SETTINGS)
@recording_options
@output_options("md", "json", html=False, to_file=False)
@verbosity_options
def eval_summaries_command(
    articles: tuple[Path, ...],
    out: Path,
    settings: Settings,
    record: str | None,
    replay: str | None,
    outputs: OutputRequest,
) -> None:
    """Summarize each ARTICLE, check the summary against it, report the share of each verdict.

    \b
    Example:
      summarize eval summaries tests/data/samples/*.txt --replay summaries

    Prints the shares as Markdown (--format json: claims, shares, articles); DIR holds each summary and check,
    metrics.json and report.md.
    """
    with errors_as_exit_codes():
        chosen = outputs.resolve(articles)
        metrics = evaluate_summaries(list(articles), out, settings=settings, record=record, replay=replay)
        chosen.write(
            {
                "md": lambda: summaries_markdown(metrics),
                "json": lambda: metrics.model_dump_json(include={"claims", "shares", "articles"}),
            }
        )


@eval_group.command(
    "coverage",
    context_settings=CONTEXT,
    short_help="Score the coverage check on summaries with key-fact labels.",
    epilog=settings_epilog(*SETTINGS),
)
@click.argument("dataset", type=click.Path(dir_okay=False, exists=True, path_type=Path), metavar="SUMMARIES")
@click.option(
    "--articles", type=click.Path(dir_okay=False, exists=True, path_type=Path), metavar="FILE",
    help="JSONL of articles (`doc_id`, `key_facts`, `doc`) joined to the summaries by `doc_id`.",
)  # fmt: skip
@click.option("--out", type=RunFolder, metavar="DIR", help="Run directory.  [default: ./runs/<recording or dataset>]")
@settings_options(*SETTINGS)
@click.option(
    "--per-document", "count", type=click.IntRange(min=1), metavar="K",
    help="Only K summaries of each document, the systems dealt in rotation (each drawn about equally often).",
)  # fmt: skip
@click.option("--seed", type=int, default=0, show_default=True, help="Seed of the rotation.")
@click.option("--own-key-facts", is_flag=True, help="Pick the key facts from each `doc` (reference-free).")
@click.option("--no-llm", is_flag=True, help="The words alone, no judge.")
@recording_options
@output_options("md", "json", html=False, to_file=False)
@verbosity_options
def eval_coverage_command(
    dataset: Path,
    articles: Path | None,
    out: Path | None,
    settings: Settings,
    count: int | None,
    seed: int,
    own_key_facts: bool,
    no_llm: bool,
    record: str | None,
    replay: str | None,
    outputs: OutputRequest,
) -> None:
    """Check the coverage of each summary in SUMMARIES (JSONL: `summary`, `key_facts`, `present` with one 0/1
    label per key fact, optionally `doc_id`, `system`, `doc`) and report per-fact balanced accuracy, the
    Pearson correlation of the coverage score with the human recall, and the systems' Kendall tau; resumable.

    \b
    Examples:
      summarize eval coverage evals/data/realsumm_dev_summaries.jsonl \\
          --articles evals/data/realsumm_dev_articles.jsonl --per-document 5 --replay realsumm-coverage
      summarize eval coverage mine.jsonl --own-key-facts --no-llm
    """
    with errors_as_exit_codes():
        printing = outputs.resolve([])
        samples, digest = load_coverage_dataset(dataset, articles)
        chosen = per_document(samples, count, seed) if count is not None else samples
        name = record or replay or dataset.stem
        metrics = evaluate_coverage(
            chosen, out or Path("runs") / name, dataset_sha256=digest, own_key_facts=own_key_facts,
            settings=settings, use_llm=not no_llm, record=record, replay=replay,
        )  # fmt: skip
        printing.write({"md": lambda: coverage_eval_markdown(metrics), "json": metrics.model_dump_json})


@eval_group.command("calibrate", context_settings=CONTEXT, short_help="Fit the threshold on your own labelled items.")
@click.argument("dataset", type=ArticlePath, metavar="DATASET")
@click.argument("run", type=click.Path(file_okay=False, exists=True, path_type=Path), metavar="RUN")
@click.option("--write", "target", type=OutputPath, metavar="FILE", help="Write the fitted rule to FILE (JSON).")
@click.option("--force", is_flag=True, help="Allow --write to overwrite an existing file.")
@click.option("--json", "as_json", is_flag=True, help="Print the fit as JSON.")
def eval_calibrate_command(dataset: Path, run: Path, target: Path | None, force: bool, as_json: bool) -> None:
    """Fit the judge's threshold on RUN, an eval run over your own labelled DATASET; no model is needed.

    The shipped threshold is fitted on three styles of news summaries; your articles and summaries have their
    own. Label some summaries of your own (both kinds, at least ten of each), run `summarize eval` on them,
    then fit here: the figures out of sample (5 folds by document) say whether it beats the shipped rule.

    \b
    Example:
      summarize eval mine.jsonl --out runs/mine
      summarize eval calibrate mine.jsonl runs/mine --write my-rule.json
      summarize check --calibration my-rule.json -s article.txt summary.json
    """
    with errors_as_exit_codes():
        if target is not None and target.resolve().is_relative_to(run.resolve()):
            raise OutputExistsError(f"{target}: is inside the run {run}; refusing to write there")
        output = guard_output(target, force, [dataset])
        fit = fit_calibration(dataset, run)
        if output is not None:
            emit(fit.calibration.model_dump_json(indent=2), output)
        echo(fit.model_dump_json(indent=2) if as_json else _fit_lines(fit, output))


def _fit_lines(fit: CalibrationFit, output: Path | None) -> str:
    def figures(found: FitFigures | None) -> str:
        if found is None or found.balanced_accuracy is None:
            return "not measured: needs items from 5 documents or more, both labels in every training part"
        share = found.consistent_flagged
        flagged = "" if share is None else f", {share:.0%} of consistent items flagged"
        return f"balanced accuracy {found.balanced_accuracy:.3f}{flagged}"

    rows = {
        "out of sample (5 folds by document)": fit.cross_validated,
        "in sample": fit.in_sample,
        f"the shipped threshold {EMBEDDED_CALIBRATION.threshold:g}": fit.shipped,
    }
    width = max(map(len, rows))
    lines = [
        f"threshold {fit.calibration.threshold:g} fitted on {fit.items} items ({fit.consistent} consistent; "
        f"{fit.skipped} left out: failed or not judged)",
        *(f"  {name + ':':<{width + 1}} {figures(found)}" for name, found in rows.items()),
        *(f"warning: {w}" for w in fit.warnings),
    ]
    if output is not None:
        lines.append(f"wrote {output}; use it with `summarize check --calibration {output} ...`")
    return "\n".join(lines)
