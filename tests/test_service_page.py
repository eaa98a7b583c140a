"""The editors' page in a real browser (Playwright driving the machine's Chromium): submit, progress, result, the
cited sentences, story differences, cancel, a refused token, a shared link, `<script>` in an article shown as text,
and a 390 px phone without sideways scrolling. Slow; skipped without Chromium unless REQUIRE_CHROMIUM is set."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from summarize import ModelConfig, Settings
from summarize.llm import NO_WAIT
from summarize.service import ServiceSettings, Tokens, sqlite_url
from summarize.testing import FakeOpenAI, fake_openai

from .conftest import ROOT, SAMPLES

pytestmark = [pytest.mark.slow, pytest.mark.block_network(allowed_hosts=["127.0.0.1"])]
TOKEN = "browser-token-0123456789"
HOSTILE = '<script>window.pwned = 1</script><img src=x onerror="window.pwned = 2">'
ARTICLE = (
    f"Council minutes\n\nThe mayor said the phrase {HOSTILE} appeared in the council's published minutes on Tuesday, "
    "and the clerk removed it within the hour. " + (SAMPLES / "meta-open-models-b.txt").read_text()
)


@pytest.fixture
def model() -> Iterator[FakeOpenAI]:
    with fake_openai(latency=0.4) as server:
        yield server


@pytest.fixture
def url(tmp_path, monkeypatch, model) -> Iterator[str]:
    import sys

    sys.path.insert(0, str(ROOT / "evals"))
    from service_screenshots import serving  # the same in-process server as the docs' screenshots

    monkeypatch.setenv("OPENAI_API_KEY", "sk-test-page-0123456789abcdef")
    config = Settings(model=ModelConfig(model="openai/stand-in", api_base=model.url, retry=NO_WAIT))
    tokens = Tokens.from_lines([f"desk:{TOKEN}"])
    settings = ServiceSettings(
        config, sqlite_url(tmp_path), tokens, tmp_path, concurrency=1, poll_seconds=0.05, worker="thread"
    )
    with serving(settings) as address:
        yield address


def test_an_editor_summarizes_checks_and_compares_in_the_page(browser, url):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(url)
    page.fill("#token", "not-the-right-token-at-all")
    page.click("#token-form button[type=submit]")
    page.fill("#articles .text", ARTICLE)
    page.click("#start")
    page.wait_for_selector("#form-error:has-text('valid bearer token')")

    page.click("#change-token")
    page.fill("#token", TOKEN)
    page.check("#remember")
    page.click("#token-form button[type=submit]")
    page.check("#also-check")
    page.click("#start")
    page.wait_for_selector("#job-status[data-status=running]", timeout=60_000)
    page.wait_for_selector("#job-status[data-status=done]", timeout=120_000)
    assert page.evaluate("window.pwned") is None, "nothing in the article ran"
    assert page.get_by_text(HOSTILE, exact=False).count() >= 1, "the markup is shown as text"
    assert page.locator(".sentence script, .sentence img, .article-text img").count() == 0

    page.focus(".point >> nth=0")
    page.keyboard.press("Enter")
    assert page.get_attribute(".point >> nth=0", "aria-pressed") == "true"
    assert page.locator(".sentence.cited").count() >= 1, "the key point's cited sentences are highlighted"
    assert page.locator(".claim .badge").count() >= 1, "the checker's verdicts are shown"

    shared = browser.new_context().new_page()
    shared.add_init_script(f"localStorage.setItem('summarize-token', '{TOKEN}')")
    shared.set_viewport_size({"width": 390, "height": 844})
    shared.goto(page.url)
    shared.wait_for_selector(".point", timeout=60_000)
    assert shared.evaluate("document.documentElement.scrollWidth") <= 390, "no sideways scrolling on a phone"
    assert not errors


def test_story_differences_are_marked_and_a_running_job_can_be_cancelled(browser, url, model):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.add_init_script(f"sessionStorage.setItem('summarize-token', '{TOKEN}')")
    page.goto(url)
    page.check("input[value=story]")
    base = (SAMPLES / "meta-open-models-b.txt").read_text()
    versions = page.locator("#articles .article")
    versions.nth(0).locator(".name").fill("wire")
    versions.nth(0).locator(".text").fill(base)
    versions.nth(1).locator(".name").fill("paper")
    versions.nth(1).locator(".text").fill(base.replace("We are strong advocates", "We are weak advocates"))
    page.click("#start")
    page.wait_for_selector("#job-status[data-status=done]", timeout=120_000)
    assert page.locator("mark.differs").count() >= 1, "the words that differ are marked"
    assert page.locator("mark.differs", has_text="strong").count() == 1
    assert page.locator("mark.differs", has_text="weak").count() == 1
    assert page.locator("mark.differs", has_text="advocates").count() == 0, "the words both give stay unmarked"

    page.click("#another")
    page.fill("#articles .text", ARTICLE.replace("Tuesday", "Wednesday"))
    model.hold()  # the model answers nothing until the cancel has landed: the job cannot finish first
    page.click("#start")
    page.wait_for_selector("#job-status[data-status=running]", timeout=60_000)
    page.click("#cancel")
    page.wait_for_selector("#job-status[data-status=cancelled]", timeout=30_000)
    model.release()


def test_the_api_docs_render_from_local_files(browser, url):
    page = browser.new_page()
    outside: list[str] = []
    page.on("request", lambda request: None if request.url.startswith(url) else outside.append(request.url))
    page.goto(f"{url}/v1/docs")
    page.wait_for_selector(".opblock-summary-path", timeout=60_000)
    paths = page.locator(".opblock-summary-path").all_inner_texts()
    assert "/v1/summaries" in paths and "/v1/jobs/{job_id}" in paths
    assert not [u for u in outside if not u.startswith("data:")], "nothing loaded from elsewhere"
