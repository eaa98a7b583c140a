"""Screenshots of the three report pages for the docs, at 390 px (a phone) and 1280 px, in the machine's Chromium.

No model runs: the check page replays the embedded model's recorded answers for `tests/test_checker.py`'s three
claims on sample a (`cassettes/test_checker/test_three_claims_get_the_three_verdicts.yaml`); the story page is the
deterministic comparison of the four samples (`story --no-llm`); the summary page is the recorded summary and
check of sample c (`evals/runs/summaries/meta-open-models-c.*.json`, from `summarize eval summaries`).

    python evals/page_screenshots.py     # writes docs/{check,story,summary}-page-{390,1280}.png
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")

from summarize import (
    EMBEDDED,
    Calibration,
    CheckedSummary,
    CheckReport,
    ModelConfig,
    Settings,
    SummaryResult,
    check,
    load_article,
    report_html,
    story,
    story_html,
    summary_html,
)
from summarize.llm import EMBEDDED_SERVER, NO_WAIT
from summarize.testing import headless_chromium

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "tests" / "data" / "samples"
RECORDING = ROOT / "cassettes" / "test_checker" / "test_three_claims_get_the_three_verdicts.yaml"
RUN = ROOT / "evals" / "runs" / "summaries"
CLAIMS = [
    "Meta had finished training Behemoth but delayed its public release after underwhelming internal tests.",
    "Meta released Behemoth to the public after it performed very well in internal testing.",
    "Meta's board of directors voted unanimously to sell the Superintelligence Lab.",
]
PINNED = Calibration(threshold=0.5, provenance="pinned for the tests")
WIDTHS = {390: 844, 1280: 900}


def check_page() -> str:
    """Three claims on sample a, one per verdict, as the embedded model judged them (replayed)."""
    from summarize.llm._recording import cassette  # noqa: TID251 - replaying a recording is test machinery

    model = ModelConfig(model=EMBEDDED, api_base=EMBEDDED_SERVER.api_base, retry=NO_WAIT)
    with cassette(RECORDING, record=False):
        report = check(" ".join(CLAIMS), [load_article(SAMPLES / "meta-open-models-a.txt")],
                       settings=Settings(model=model, calibration=PINNED))  # fmt: skip
    return report_html(report)


def story_page() -> str:
    """The four samples compared deterministically."""
    return story_html(story([load_article(SAMPLES / f"meta-open-models-{x}.txt") for x in "abcd"], use_llm=False))


def summary_page() -> str:
    """Sample c's recorded summary and its check."""
    result = SummaryResult.model_validate_json((RUN / "meta-open-models-c.summary.json").read_text(encoding="utf-8"))
    report = CheckReport.model_validate_json((RUN / "meta-open-models-c.check.json").read_text(encoding="utf-8"))
    return summary_html([CheckedSummary(**result.model_dump(), check=report)])


def pages(folder: Path) -> dict[str, Path]:
    """The three pages written into `folder`, by name."""
    written = {}
    for name, page in (("check", check_page), ("story", story_page), ("summary", summary_page)):
        path = folder / f"{name}.html"
        path.write_text(page(), encoding="utf-8")
        written[name] = path
    return written


def main() -> None:
    with tempfile.TemporaryDirectory() as folder, headless_chromium("/usr/bin/chromium") as browser:
        for name, path in pages(Path(folder)).items():
            for width, height in WIDTHS.items():
                page = browser.new_page(viewport={"width": width, "height": height})
                page.goto(path.as_uri())
                target = ROOT / "docs" / f"{name}-page-{width}.png"
                page.screenshot(path=str(target))
                page.close()
                print(f"wrote {target.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
