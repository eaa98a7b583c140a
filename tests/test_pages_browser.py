"""The check, story and summary pages in a real browser (Playwright driving the machine's Chromium) at 390 px (a
phone) and 1280 px: nothing runs off the side of the page, the check page's columns stack on the phone, the story
page's wide tables scroll in their own box. The pages are the docs' screenshots' (`evals/page_screenshots.py`).
Slow; skipped without Chromium unless REQUIRE_CHROMIUM is set."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest

from .conftest import ROOT

pytestmark = pytest.mark.slow
sys.path.insert(0, str(ROOT / "evals"))
from page_screenshots import pages  # noqa: E402 - the docs' own pages


@pytest.fixture(scope="module")
def written(tmp_path_factory) -> dict[str, Path]:
    return pages(tmp_path_factory.mktemp("pages"))


def open_page(browser: Any, path: Path, width: int) -> Any:
    page = browser.new_page(viewport={"width": width, "height": 900})
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(path.as_uri())
    assert not errors
    return page


@pytest.mark.parametrize("name", ["check", "story", "summary"])
@pytest.mark.parametrize("width", [390, 1280])
def test_nothing_runs_off_the_side(browser, written, name, width):
    page = open_page(browser, written[name], width)
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert page.evaluate("document.body.scrollWidth") <= width
    page.close()


def evidence_beside_claim(page: Any) -> bool:
    claim = page.locator("article.claim").first
    text, evidence = claim.locator(".claim-text").bounding_box(), claim.locator(".evidence").bounding_box()
    return evidence["x"] > text["x"] + text["width"] - 1 and abs(evidence["y"] - text["y"]) < text["height"] + 40


def test_the_check_pages_columns_stack_on_a_phone(browser, written):
    wide, phone = open_page(browser, written["check"], 1280), open_page(browser, written["check"], 390)
    assert evidence_beside_claim(wide)
    assert not evidence_beside_claim(phone)
    claim = phone.locator("article.claim").first
    text, evidence = claim.locator(".claim-text").bounding_box(), claim.locator(".evidence").bounding_box()
    assert evidence["y"] > text["y"] + text["height"] and evidence["width"] > 250, "the evidence below, full width"
    assert phone.locator("details.claim.supported").first.evaluate("d => d.open") is False
    assert phone.locator("article.claim").count() == 2, "the contradicted and the unsupported claim, open"
    assert phone.locator("details.provenance").evaluate("d => d.open") is False


def test_the_story_pages_tables_scroll_in_their_own_box(browser, written):
    page = open_page(browser, written["story"], 390)
    boxes = page.locator("div.scroll")
    assert boxes.count() >= 2
    matrix = page.locator("div.scroll:has(table.matrix)")
    assert matrix.evaluate("e => e.scrollWidth > e.clientWidth"), "the wide table scrolls inside its box"
    assert matrix.evaluate("e => getComputedStyle(e).overflowX") == "auto"
    assert page.locator("mark.differs").count() >= 5
    page.close()
