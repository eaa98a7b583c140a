"""Reading an article from the web: `http://` and `https://` only, within a deadline and the input size cap."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from summarize._errors import ArticleTooLongError, InputFileError
from summarize._progress import step
from summarize._version import __version__
from summarize.files import MAX_INPUT_BYTES, describe_bytes

if TYPE_CHECKING:
    import httpx

URL_TIMEOUT = 30.0
"""The most seconds fetching one page may take, redirects included."""
_MAX_REDIRECTS = 5


def is_url(value: str) -> bool:
    """Whether `value` is an http(s) URL with a host (anything else is a file name)."""
    parts = urlsplit(value.strip())
    return parts.scheme.lower() in ("http", "https") and bool(parts.netloc)


def fetch(url: str, timeout: float | None = None) -> tuple[bytes, str | None]:
    """The page's bytes and the charset its server declares, refusing a page that cannot be fetched (exit 4:
    unreachable, an HTTP error, past the deadline) or is over `MAX_INPUT_BYTES` (exit 7, after reading at most
    one chunk more)."""
    import httpx

    limit = URL_TIMEOUT if timeout is None else timeout
    step("fetching %s", url)
    ends = time.monotonic() + limit
    headers = {"user-agent": f"summarize/{__version__}", "accept": "text/html, text/plain;q=0.9, */*;q=0.5"}
    try:
        with (
            httpx.Client(timeout=limit, follow_redirects=True, max_redirects=_MAX_REDIRECTS, headers=headers) as web,
            web.stream("GET", url) as response,
        ):
            if response.status_code >= 400:
                raise InputFileError(f"{url}: the server answered HTTP {response.status_code} {response.reason_phrase}")
            data = _capped(response, url, ends, limit)
            return data, response.charset_encoding
    except httpx.TimeoutException:
        raise InputFileError(f"{url}: no answer within {limit:g} s") from None
    except httpx.TooManyRedirects:
        raise InputFileError(f"{url}: more than {_MAX_REDIRECTS} redirects") from None
    except (httpx.HTTPError, httpx.InvalidURL) as error:
        raise InputFileError(f"{url}: cannot be fetched ({_reason(error)})") from None


def _capped(response: httpx.Response, url: str, ends: float, limit: float) -> bytes:
    import httpx

    chunks: list[bytes] = []
    size = 0
    for chunk in response.iter_bytes():
        size += len(chunk)
        if size > MAX_INPUT_BYTES:
            raise ArticleTooLongError(
                f"{url}: longer than {describe_bytes(MAX_INPUT_BYTES)}, the most one input may hold"
            )
        if time.monotonic() > ends:  # a server that trickles its page: each read is in time, the whole is not
            raise httpx.ReadTimeout(f"past {limit:g} s")
        chunks.append(chunk)
    return b"".join(chunks)


def _reason(error: Exception) -> str:
    """The cause in a few words: "connection refused", "name or service not known"."""
    cause: BaseException = error
    while cause.__context__ is not None and not str(cause).strip():
        cause = cause.__context__
    text = str(cause).strip() or type(cause).__name__
    return text.split("] ", 1)[-1] if text.startswith("[Errno") else text
