"""Assembling and verifying the embedded model, with small stand-in chunk packages."""

from __future__ import annotations

import hashlib
import sys

import pytest

import summarize.llm._embedded as local
from summarize import ModelIntegrityError, ModelNotInstalledError

CHUNKS = [b"GGUF" + bytes(range(200)), b"second chunk " * 50, b"tail"]


@pytest.fixture
def fake_parts(tmp_path, monkeypatch):
    """Three importable chunk modules with `get_part_path()`, like the real model packages."""
    names = []
    for index, chunk in enumerate(CHUNKS, start=1):
        name = f"fake_model_part{index}"
        (tmp_path / f"{name}.bin").write_bytes(chunk)
        (tmp_path / f"{name}.py").write_text(
            "from pathlib import Path\ndef get_part_path():\n    return Path(__file__).with_suffix('.bin')\n"
        )
        names.append(name)
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setattr(local, "PART_MODULES", names)
    monkeypatch.setattr(local, "MODEL_SHA256", hashlib.sha256(b"".join(CHUNKS)).hexdigest())
    monkeypatch.setattr(local, "MODEL_BYTES", sum(len(c) for c in CHUNKS))
    yield names
    for name in names:
        sys.modules.pop(name, None)


def test_parts_are_joined_in_order_and_verified_once(fake_parts, monkeypatch):
    path = local.model_path()
    assert path.read_bytes() == b"".join(CHUNKS)
    assert path.parent == local.cache_dir()

    def must_not_reassemble(*_args):
        raise AssertionError("a verified model must be reused")

    monkeypatch.setattr(local, "_join_and_verify", must_not_reassemble)
    assert local.model_path() == path


def test_a_changed_file_is_refused_before_it_is_loaded(fake_parts):
    """One flipped byte, with its modification time put back, is still found: the digest is checked each time."""
    import os

    path = local.model_path()
    stat = path.stat()
    data = bytearray(path.read_bytes())
    data[10] ^= 0xFF
    path.write_bytes(bytes(data))
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    with pytest.raises(ModelIntegrityError, match="refusing to load it"):
        local.model_path()
    path.unlink()
    assert local.model_path().read_bytes() == b"".join(CHUNKS), "deleted, it is assembled again"


def test_the_cli_exits_8_on_a_changed_model_file(fake_parts):
    from click.testing import CliRunner

    from summarize.cli import cli

    path = local.model_path()
    path.write_bytes(path.read_bytes()[:-1] + b"X")
    outcome = CliRunner().invoke(cli, ["model", "path"])
    assert outcome.exit_code == 8 and "refusing to load it" in outcome.stderr


def test_digest_mismatch_is_refused_and_nothing_is_left_behind(fake_parts, monkeypatch):
    monkeypatch.setattr(local, "MODEL_SHA256", "0" * 64)
    with pytest.raises(ModelIntegrityError, match="does not match its pinned SHA-256"):
        local.model_path()
    assert not list(local.cache_dir().glob("*.gguf"))
    assert not list(local.cache_dir().glob("*.partial"))


def test_missing_extra_says_how_to_install(monkeypatch):
    monkeypatch.setattr(local, "PART_MODULES", ["no_such_model_part_module"])
    with pytest.raises(ModelNotInstalledError) as raised:
        local.model_path()
    assert "pip install -e '.[local]'" in str(raised.value)
    assert "--model openai/" in str(raised.value)


def test_the_json_schema_format_reaches_llama_cpp_in_its_own_dialect():
    from summarize.llm._client import llama_cpp_dialect

    seen: list[dict[str, object]] = []
    translated = llama_cpp_dialect(lambda **kwargs: seen.append(kwargs))
    schema = {"type": "object", "properties": {"a": {"type": "string"}}}
    translated(messages=[], response_format={"type": "json_schema", "json_schema": {"name": "A", "schema": schema}})
    translated(messages=[], response_format={"type": "json_object"})
    assert seen[0]["response_format"] == {"type": "json_object", "schema": schema}
    assert seen[1]["response_format"] == {"type": "json_object"}


def test_pinned_model_matches_the_package_facts():
    assert len(local.PART_MODULES) == 22
    assert local.MODEL_BYTES == 1_117_320_768
    assert local.MODEL_SHA256.startswith("cc324af0")
