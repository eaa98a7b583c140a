"""Story mode on the four sample versions of one story: quotations aligned and compared, reversals of meaning,
attributions moved, facts by outlet, reports (Chromium renders the page), bad input; the model's part replayed."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from summarize import InputError, Settings, StoryReport, load_article, story, story_html, story_markdown
from summarize.cli import cli
from summarize.story._quotations import outlet_quotations, pair_quotations

LETTERS = "abcd"


@pytest.fixture(scope="module")
def samples() -> list[Path]:
    root = Path(__file__).parent / "data" / "samples"
    return [root / f"meta-open-models-{letter}.txt" for letter in LETTERS]


@pytest.fixture(scope="module")
def deterministic(samples) -> StoryReport:
    return story(samples, use_llm=False)


def label(letter: str) -> str:
    return f"meta-open-models-{letter}"


def kinds(report: StoryReport, kind: str) -> list[set[tuple[str, str]]]:
    return [{(e.source, e.sentence_id) for e in d.excerpts} for d in report.disagreements if d.kind == kind]


def test_quotations_carry_their_speakers_across_sentences(samples):
    quotations = {q.sentence_id: q for q in outlet_quotations("c", load_article(samples[2]))}
    assert quotations["S15"].speaker_key == "spokesperson" and quotations["S16"].speaker_key == "spokesperson"
    assert quotations["S37"].speaker_key == "zuckerberg" and quotations["S37"].occasion == ("podcast",)
    reported = {q.sentence_id: q for q in outlet_quotations("d", load_article(samples[3]))}
    assert reported["S17"].words.startswith("Obviously we are very proen open source"), "speech after a colon"
    assert reported["S17"].occasion == ("podcast", "last summer")


def test_quotations_of_one_remark_are_paired_and_compared(samples):
    quotations = {x: outlet_quotations(x, load_article(p)) for x, p in zip(LETTERS, samples, strict=True)}
    pairs = {
        (p.first.source + p.first.sentence_id, p.second.source + p.second.sentence_id): p
        for p in pair_quotations(quotations)
    }
    assert pairs[("cS16", "dS7")].relation == "reversed" and pairs[("cS16", "dS7")].reversed == ("release",)
    assert pairs[("cS37", "dS17")].relation == "reversed" and pairs[("cS37", "dS17")].reversed == ("commit",)
    assert pairs[("aS8", "cS15")].relation == "reworded"
    assert pairs[("bS12", "cS37")].relation == "reworded", "b paraphrases the remark inside quotation marks"
    assert not any(
        p.first.speaker_key != p.second.speaker_key
        for p in pairs.values()
        if p.first.speaker_key and p.second.speaker_key
    )


def test_the_machine_translations_reversals_are_flagged(deterministic):
    reversed_ = kinds(deterministic, "quotation_reversed")
    assert {(label("d"), "S7"), (label("c"), "S16"), (label("a"), "S9")} in reversed_
    assert {(label("d"), "S17"), (label("c"), "S37"), (label("b"), "S12")} in reversed_
    assert all(label("d") in {s for s, _ in group} for group in reversed_), "only the translation reverses"


def test_reworded_quotations_and_a_changed_occasion_are_flagged(deterministic):
    reworded = kinds(deterministic, "quotation_reworded")
    assert any({(label("a"), "S8"), (label("c"), "S15")} <= group for group in reworded)
    assert any({(label("b"), "S11"), (label("c"), "S37")} <= group for group in reworded)
    occasions = [d for d in deterministic.disagreements if d.kind == "attribution" and "occasion" in d.explanation]
    assert any({label("b"), label("c")} == set(d.sources) and "recently" in d.explanation for d in occasions)


def test_an_analysis_put_in_zuckerbergs_mouth_is_flagged(deterministic):
    moved = [
        d for d in deterministic.disagreements if d.kind == "attribution" and "attributed differently" in d.explanation
    ]
    assert any((label("a"), "S21") in {(e.source, e.sentence_id) for e in d.excerpts} for d in moved)
    assert "attributes it to zuckerberg" in next(d.explanation for d in moved if d.excerpts[0].sentence_id == "S21")


def test_facts_every_outlet_carries_come_first_with_evidence(deterministic):
    facts = deterministic.facts
    assert facts[0].carried_by == 4 and [f.carried_by for f in facts] == sorted(
        (f.carried_by for f in facts), reverse=True
    )
    delayed = next(f for f in facts if "release was delayed" in f.text)
    assert delayed.carried_by == 4
    assert {s.source: s.sentence_ids for s in delayed.support}[label("d")] == ["S2"]
    assert all(len(s.sentence_ids) == len(s.evidence) for f in facts for s in f.support)
    assert all(not f.text.rstrip().endswith("?") for f in facts), "questions are not facts"


def test_profiles_and_the_closest_version(deterministic):
    profiles = {p.source: p for p in deterministic.profiles}
    assert set(profiles) == {label(x) for x in LETTERS}
    assert profiles[label("d")].disagreements >= 2
    assert deterministic.closest in profiles and "not which one is right" in deterministic.closest_reason
    assert deterministic.summary is None and deterministic.model is None and deterministic.usage.calls == 0


def test_each_outlet_lists_the_facts_most_others_carry_that_it_leaves_out(deterministic):
    facts = {f.id: f for f in deterministic.facts}
    stance = {(f.id, s.source): s.stance for f in deterministic.facts for s in f.support}
    for profile in deterministic.profiles:
        left_out = [facts[i] for i in profile.omissions]
        assert all(stance[(f.id, profile.source)] == "not_mentioned" for f in left_out), "contradicted: not omitted"
        assert all(f.carried_by >= 2 for f in left_out), "most of the three other outlets"
        assert [f.carried_by for f in left_out] == sorted((f.carried_by for f in left_out), reverse=True)
        carried_elsewhere = [
            f for f in deterministic.facts if f.carried_by >= 2 and stance[(f.id, profile.source)] == "not_mentioned"
        ]
        assert {f.id for f in carried_elsewhere} == set(profile.omissions)
    by_outlet = {p.source: len(p.omissions) for p in deterministic.profiles}
    assert max(by_outlet, key=by_outlet.__getitem__) == label("b"), "the shortest rewrite leaves out the most"
    markdown = story_markdown(deterministic)
    assert "## What each outlet leaves out" in markdown and "| leaves out |" in markdown


def test_json_has_the_documented_keys(deterministic):
    document = json.loads(deterministic.model_dump_json())
    assert {"schema_version", "sources", "summary", "facts", "disagreements"} <= set(document)
    assert {"kind", "sources", "excerpts", "explanation"} <= set(document["disagreements"][0])
    assert {"support"} <= set(document["facts"][0])


def test_markdown_lists_disagreements_before_facts(deterministic):
    text = story_markdown(deterministic)
    assert text.index("## Disagreements") < text.index("## Facts by outlet")
    assert "quotation_reversed" in text and "no model" in text


@pytest.mark.slow
def test_html_renders_in_chromium(deterministic, tmp_path):
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        if os.environ.get("REQUIRE_CHROMIUM"):
            pytest.fail("chromium is required here (REQUIRE_CHROMIUM is set) but is not installed")
        pytest.skip("chromium is not installed")
    page = tmp_path / "story.html"
    page.write_text(story_html(deterministic))
    flags = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
             "--disable-component-update", "--disable-sync", f"--user-data-dir={tmp_path / 'profile'}"]  # fmt: skip
    dom = subprocess.run([chromium, *flags, "--dump-dom", page.as_uri()], capture_output=True, text=True, timeout=120)
    assert dom.stdout.index('data-kind="quotation_reversed"') < dom.stdout.index('data-stance="supports"')
    assert 'data-stance="contradicts"' in dom.stdout and "<script" not in dom.stdout
    shot = tmp_path / "story.png"
    subprocess.run([chromium, *flags, f"--screenshot={shot}", "--window-size=1200,900", page.as_uri()],
                   capture_output=True, timeout=120, check=True)  # fmt: skip
    from PIL import Image

    colours = set(Image.open(shot).convert("RGB").getdata())
    assert any(all(abs(a - b) <= 12 for a, b in zip(c, (0xB4, 0x23, 0x18), strict=True)) for c in colours)


def test_cli_exit_codes_and_json(samples):
    runner = CliRunner()
    result = runner.invoke(cli, ["story", "--no-llm", "--json", *map(str, samples)])
    assert result.exit_code == 1, "disagreements found"
    assert json.loads(result.stdout)["disagreements"]


@pytest.mark.parametrize(
    ("arguments", "message", "code"),
    [
        (["a"], "at least two sources", 2),
        (["a", "a"], "the same article", 2),
        (["a", "chinese"], "does not look like English", 6),  # the codes of every command (README's table)
        (["a", "empty"], "is empty", 5),
    ],
)
def test_bad_input_gets_one_line_and_its_exit_code(samples, tmp_path, arguments, message, code):
    files = {"a": samples[0], "chinese": tmp_path / "zh.txt", "empty": tmp_path / "empty.txt"}
    files["chinese"].write_text("元宇宙公司正在讨论是否放弃开源模型。" * 40)
    files["empty"].write_text("")
    copy = tmp_path / "copy.txt"
    copy.write_text(samples[0].read_text())
    paths = [str(files[a]) if not (a == "a" and n == 1) else str(copy) for n, a in enumerate(arguments)]
    result = CliRunner().invoke(cli, ["story", "--no-llm", *paths])
    assert result.exit_code == code, result.output
    assert message in result.output and "Traceback" not in result.output
    assert len(result.output.strip().splitlines()) == 1


def test_the_api_refuses_one_source(samples):
    with pytest.raises(InputError, match="at least two"):
        story(samples[:1], use_llm=False)


@pytest.mark.vcr
def test_story_with_the_embedded_model(samples, embedded):
    report = story(samples, settings=Settings(model=embedded))
    assert report.summary is not None and report.summary.source == label("a"), "the version closest to the others"
    points = report.summary.key_points
    assert points and all(len(p.support) == 4 for p in points)
    assert all(any(s.stance == "supports" for s in p.support) for p in points), "each point rests on its own outlet"
    judged = [s for f in report.facts for s in f.support if s.method == "judge"]
    assert any(s.probability is not None for s in judged), "the calibrated judge decided some stances"
    assert all(s.probability is not None or s.stance == "not_mentioned" for s in judged), "a check failed first"
    assert report.usage.calls <= len(report.facts) * len(report.sources), "at most one call per outlet per fact"
    assert kinds(report, "quotation_reversed"), "the model does not change the deterministic findings"


@pytest.mark.anyio
async def test_the_async_twin_compares_the_same_way(sample):
    from summarize import astory

    samples = [sample(letter) for letter in "abcd"]
    report = await astory(samples, use_llm=False)
    assert report == story(samples, use_llm=False).model_copy(update={"usage": report.usage})
