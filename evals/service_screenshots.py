"""Screenshots of the service's page for the docs: a real summary and check of a sample article, at 390 and 1280 px.

The service runs in this process on the embedded model's recorded answers for `tests/data/samples/
meta-open-models-c.txt` (`cassettes/evals/summaries/`, replayed: no model runs, and a request that was never
recorded fails), and the machine's Chromium shows its page:

    python evals/service_screenshots.py            # writes docs/service-page-390.png and docs/service-page-1280.png
"""

from __future__ import annotations

import os
import socket
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")

import uvicorn
from playwright.sync_api import Page

from summarize import EMBEDDED, ModelConfig, Settings
from summarize.llm import EMBEDDED_SERVER, NO_WAIT
from summarize.service import ServiceSettings, Tokens, create_app, sqlite_url
from summarize.testing import headless_chromium

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "tests" / "data" / "samples" / "meta-open-models-c.txt"
RECORDING = ROOT / "cassettes" / "evals" / "summaries" / "meta-open-models-c.yaml"
TOKEN = "screenshots-token-0123456789"


@contextmanager
def serving(settings: ServiceSettings) -> Iterator[str]:
    """The service on a free loopback port, in a thread of this process, until the block ends."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(create_app(settings), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=30)


def summarize_in_the_page(page: Page, url: str) -> None:
    """Paste the sample, ask for a checked summary, wait for it, and point at the second key point."""
    page.goto(url)
    page.fill("#token", TOKEN)
    page.click("#token-form button[type=submit]")
    page.fill("#articles .name", "sample-c")
    page.fill("#articles .text", SAMPLE.read_text(encoding="utf-8"))
    page.check("#also-check")
    page.click("#start")
    page.wait_for_selector("#job-status[data-status=done]", timeout=300_000)
    page.click(".point >> nth=1")


def main() -> None:
    from summarize.llm._recording import cassette  # noqa: TID251 - replaying a recording is test machinery

    folder = Path(tempfile.mkdtemp())
    model = Settings(model=ModelConfig(model=EMBEDDED, api_base=EMBEDDED_SERVER.api_base, retry=NO_WAIT))
    # The worker in this process: the recording is replayed by patching this process's HTTP clients.
    settings = ServiceSettings(model, sqlite_url(folder), Tokens.from_lines([f"docs:{TOKEN}"]), folder, worker="thread")
    with cassette(RECORDING, record=False), serving(settings) as url, headless_chromium("/usr/bin/chromium") as browser:
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        summarize_in_the_page(page, url)
        for width, height in ((1280, 900), (390, 844)):
            page.set_viewport_size({"width": width, "height": height})
            page.evaluate("window.scrollTo(0, 0)")
            target = ROOT / "docs" / f"service-page-{width}.png"
            page.screenshot(path=str(target))
            print(f"wrote {target.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
