"""A headless Chromium for the pages' tests and screenshots (Playwright driving Debian's chromium)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
"""Offline and quiet: no sandbox (containers), no GPU, nothing fetched in the background."""


def chromium_path() -> str | None:
    """The installed chromium's path, or None."""
    return shutil.which("chromium") or shutil.which("chromium-browser")


@contextmanager
def headless_chromium(executable: str) -> Iterator[Any]:
    """A Playwright browser on `executable`, closed on exit."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()
