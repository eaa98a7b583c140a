"""The check, story and summary pages: one stylesheet, what needs attention open and the rest collapsed, sources
by file name, the differing words marked, article text escaped; `summarize ARTICLE --html`."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from summarize import (
    CheckedSummary,
    CheckReport,
    SummaryResult,
    check,
    load_article,
    report_html,
    story,
    story_html,
    summary_html,
)
from summarize.cli import cli
from summarize.report import SCHEMA_VERSION, differing_words
from summarize.testing import fake_openai

from .conftest import ROOT, SAMPLES

RUN = ROOT / "evals" / "runs" / "summaries"
CSS = (ROOT / "summarize" / "templates" / "page.css").read_text()
HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def recorded_summary(letter: str = "c") -> CheckedSummary:
    result = SummaryResult.model_validate_json((RUN / f"meta-open-models-{letter}.summary.json").read_text())
    report = CheckReport.model_validate_json((RUN / f"meta-open-models-{letter}.check.json").read_text())
    return CheckedSummary(**result.model_dump(), check=report)


@pytest.fixture(scope="module")
def story_report():
    return story([load_article(SAMPLES / f"meta-open-models-{x}.txt") for x in "abcd"], use_llm=False)


@pytest.fixture(scope="module")
def mixed_report() -> CheckReport:
    """A report with a claim copied from the article (supported) and one whose number no source has."""
    article = load_article(SAMPLES / "meta-open-models-a.txt")
    summary = f"{article.sentences[3].text} The board sold the lab to a rival for $4 billion."
    return check(summary, [article], use_llm=False)


def style(page: str) -> str:
    found = re.search(r"<style>\n?(.*?)</style>", page, re.S)
    assert found is not None
    return found.group(1).strip()


def test_the_three_pages_share_one_stylesheet(story_report, mixed_report):
    pages = [report_html(mixed_report), story_html(story_report), summary_html([recorded_summary()])]
    assert {style(p) for p in pages} == {CSS.strip()}
    assert "@media (min-width: 760px)" in CSS, "two columns only where there is room"
    assert all(p.count("<style>") == 1 and 'name="viewport"' in p for p in pages)


def test_the_check_page_opens_what_needs_attention_and_collapses_the_rest(mixed_report):
    assert [c.verdict for c in mixed_report.claims] == ["supported", "not_in_source"]
    page = report_html(mixed_report)
    attention, supported = page.split('id="attention"')[1].split('id="supported"')
    assert '<article class="claim not_in_source" data-verdict="not_in_source" id="claim-2">' in attention
    assert '<div class="check failed"' in attention, "its failed check listed open"
    assert '<details class="claim supported" data-verdict="supported"' in supported
    assert '<details class="claim supported" data-verdict="supported" id="claim-1">' in page, "closed"
    assert '<details class="checks-passed">' in page, "passed checks collapsed under their count"
    assert re.search(r'<div class="check failed"', supported) is None


def test_the_provenance_is_in_the_footer_and_sources_are_file_names(mixed_report):
    page = report_html(mixed_report.model_copy(update={"sources": [str(SAMPLES.resolve() / "x.txt")]}))
    header, footer = page.split("<header>")[1].split("</header>")[0], page.split("<footer>")[1]
    assert str(SAMPLES.resolve()) not in page and '<span class="source">x.txt</span>' in header
    assert "Judge: none" in header and '<details class="provenance">' in footer


def test_the_story_page_marks_the_words_that_differ_and_scrolls_its_tables(story_report):
    page = story_html(story_report)
    assert page.count('<div class="scroll">') == 2 + (story_report.summary is not None)
    assert all(block.lstrip().startswith("<table") for block in page.split('<div class="scroll">')[1:])
    marked = re.findall(r'<mark class="differs">([^<]*)</mark>', page)
    assert "haven’t" in marked, "“We haven’t released” against “We have released”"
    assert not any(m.strip() in {".", ",", "“", "”"} for m in marked), "punctuation alone is never marked"
    for source in story_report.sources:
        assert source.source not in page or "/" not in source.source


def marked(runs):
    return [text for text, differs in runs if differs]


def test_the_differing_words_are_marked_in_every_version():
    wire, paper, blog = differing_words(
        [
            "Officials said the talks will continue next week.",
            "Officials said the talks will stop next week.",
            "Officials said the talks will continue next week.",
        ]
    )
    assert marked(wire) == ["continue"] and marked(paper) == ["stop"] and marked(blog) == ["continue"]
    assert "".join(text for text, _ in paper) == "Officials said the talks will stop next week."
    first, second = differing_words(
        ["“We haven't released everything we developed,” she said.", "“We have released everything we developed.”"]
    )
    assert marked(first) == ["haven't", "she said"] and marked(second) == ["have"]
    assert not any(m.strip() in {"“", "”", ".", ","} for m in marked(first) + marked(second))
    unrelated = differing_words(["The mayor resigned on Monday.", "Rain is expected across the north tomorrow."])
    assert [marked(runs) for runs in unrelated] == [[], []], "versions of nothing in common are left unmarked"


def test_the_summary_page_shows_points_with_their_sentences_quotes_people_and_the_check():
    result = recorded_summary()
    page = summary_html([result])
    summary, sentences = result.summary, {s.id: s.text for s in result.article.sentences}
    assert f'<h1 id="headline">{summary.headline.replace("’", "’")}</h1>' in page
    assert '<p class="lead card">' in page
    for point in summary.key_points:
        assert all(sentences[i].replace("“", "“") in page for i in point.sentence_ids)
    assert page.count('<li class="point"') == len(summary.key_points)
    assert page.count('<blockquote class="quote">') == len(summary.quotes)
    assert all(q.speaker in page for q in summary.quotes)
    assert page.count('<ul class="people">') == 1 and all(e.name in page for e in summary.entities)
    assert 'data-verdict="supported"' in page and "Check: CONSISTENT" in page
    assert result.verification is not None and f'data-points="{len(result.verification.points)}"' in page


def test_the_summary_page_escapes_the_article():
    result = recorded_summary()
    cited = result.summary.key_points[0].sentence_ids[0]
    sentences = [
        s.model_copy(update={"text": f"{HOSTILE} {s.text}"}) if s.id == cited else s for s in result.article.sentences
    ]
    quotes = [q.model_copy(update={"speaker": HOSTILE}) for q in result.summary.quotes]
    hostile = result.model_copy(
        update={
            "article": result.article.model_copy(update={"sentences": sentences, "title": HOSTILE}),
            "summary": result.summary.model_copy(update={"quotes": quotes}),
        }
    )
    page = summary_html([hostile])
    assert "<script>" not in page and "<img" not in page
    assert page.count("&lt;script&gt;") >= 2


def test_several_summaries_make_one_page_with_a_contents():
    page = summary_html([recorded_summary("b"), recorded_summary("c")])
    assert '<h1 id="headline">2 summaries</h1>' in page
    assert 'href="#summary-1"' in page and 'id="summary-2"' in page


@pytest.mark.block_network(allowed_hosts=["127.0.0.1"])
def test_summarize_article_html_writes_the_page(tmp_path, monkeypatch):
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test-pages-0123456789abcdef")
    article = tmp_path / "hostile.txt"
    article.write_text(f"{HOSTILE}\n\n" + (SAMPLES / "meta-open-models-b.txt").read_text())
    page, shorthand = tmp_path / "summary.html", tmp_path / "also.html"
    with fake_openai() as model:
        common = [str(article), "--model", "openai/stand-in", "--api-base", model.url, "-q", "--check"]
        outcome = CliRunner().invoke(cli, [*common, "-o", str(page)])
        assert outcome.exit_code in (0, 1), outcome.output
        both = CliRunner().invoke(cli, [*common, "--html", str(shorthand), "--format", "json"])
    text = page.read_text()
    assert text.startswith("<!DOCTYPE html>") and '<li class="point"' in text and 'id="check-1"' in text
    assert "<script>" not in text and str(tmp_path) not in text
    assert '"schema_version": "' + SCHEMA_VERSION + '"' in both.stdout, "JSON on stdout, the page besides"
    assert shorthand.read_text().startswith("<!DOCTYPE html>")


def test_the_docs_screenshots_are_committed():
    for name in ("check", "story", "summary"):
        for width in (390, 1280):
            assert Path(ROOT / "docs" / f"{name}-page-{width}.png").stat().st_size > 10_000
