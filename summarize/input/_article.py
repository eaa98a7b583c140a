"""Reading articles: files, HTML pages and stdin in; page clutter out; sentences with stable ids."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from summarize._errors import ArticleTooLongError, EmptyInputError, InputError, NoArticleTextError, NotEnglishError
from summarize.files import MAX_INPUT_BYTES, STDIN, describe_bytes, read_input
from summarize.input._models import Article, Sentence
from summarize.input._url import fetch, is_url
from summarize.text import caption_label, looks_english, needs_next_word

MAX_CHARACTERS = 200_000
"""The most text one article or summary may hold once read (about 35,000 words; a long feature runs to 15,000):
splitting and parsing more would take minutes."""
MAX_SENTENCES = 2_000
"""The most sentences one article or summary may have (the development data's longest article has 154)."""
MAX_SENTENCE_CHARACTERS = 5_000
"""The longest one sentence may be (the development data's longest is 1,040 characters; spaCy refuses a text of a
million)."""


_HTML_SNIFF = re.compile(r"<\s*(!doctype\s+html|html|body|article|p|div)\b", re.IGNORECASE)


_MIN_PROSE_WORDS = 6
_MIN_BODY_WORDS = 25
"""A line such as "Related Posts" ends the article only after this much of it: above, it heads a sidebar."""
_BRACKETED_NOTE = re.compile(r"\s*\([^()]{1,40}\)$")


# A line matching one of these ends the article: what follows is comment forms and link lists.
_TAIL_MARKERS = re.compile(
    r"^(leave a reply|leave a comment|you may have missed|popular articles|comments|share this( article)?:?|"
    r"related (posts|articles|stories)|more from|read more|recommended)\s*:?$",
    re.IGNORECASE,
)


_BOILERPLATE_LINE = re.compile(
    r"(your email address will not be published|required fields are marked|please enter your (comment|name)|"
    r"^source:\s|^spot_img$|^\d+\s+min read$|^top \d+ this week$|logo$)",
    re.IGNORECASE,
)


_DATELINE = re.compile(
    r"^\s*(?:[A-Z][A-Z.'-]+(?: [A-Z][A-Z.'-]+){0,2}(?:, [A-Z][A-Za-z.]+(?: [A-Z][A-Za-z.]+)?)? )?"
    r"\((?:CNN|AP|Reuters|AFP|UPI|Bloomberg|dpa)\)"
    r"\s*(?:[-–—]+\s*)?"
)
"""A wire dateline before the story's first word: "(CNN)", "WASHINGTON (AP) — ", "LONDON, England (Reuters) -".
Left in, it opens the first sentence ("(CNN)Buzz has surrounded...") and so the first key point or a headline
that stands in from it."""


_BOILERPLATE_SENTENCE = re.compile(r"^this (post|article) .{0,200} first appeared on\b", re.IGNORECASE)


@dataclass(frozen=True)
class RawDocument:
    """A document as read, before extraction."""

    source: str
    text: str
    is_html: bool


def read_document(path: str) -> RawDocument:
    """Read a file (stdin for `-`, the page for an http(s) URL), refusing what is missing, not a regular file,
    unreadable, over the size limit, binary or empty."""
    if is_url(path):
        data, declared = fetch(path)
        source, text = path, _decode(data, path, declared)
    else:
        source = "<stdin>" if path == STDIN else path
        text = _decode(read_input(path), source)
    return RawDocument(source=source, text=text, is_html=bool(_HTML_SNIFF.search(text[:2000])))


def load_article(path: str | Path) -> Article:
    """Read and extract one article: the body without clutter, its title and date, sentences S1..Sn. `path` is a
    file, `-` for stdin, or an http(s) URL given as a `str` (fetched within `URL_TIMEOUT` seconds)."""
    return article_from_document(read_document(str(path)))


_PAGE_WIDGET = re.compile(
    r"Share this with(?:Email|Facebook|Messenger|Twitter|Pinterest|WhatsApp|LinkedIn|Linkedin|\s)*Copy this link"
    r"|Media playback is (?:not |un)?supported on (?:this|your) device"
)
"""A video player's words that a scraper kept, often glued to the next sentence ("Media playback is not supported
on this deviceThe hosts won..."; 24 of the 74 FRANK BBC articles in our runs): cut out, a paragraph break in their
place."""


def article_from_text(text: str, source: str = "<text>") -> Article:
    """Build an article from a string already in memory (plain text or HTML)."""
    if not text.strip():
        raise EmptyInputError(f"{source}: the input is empty")
    if len(text) > MAX_INPUT_BYTES:
        raise ArticleTooLongError(
            f"{source}: longer than {describe_bytes(MAX_INPUT_BYTES)}, the most one input may hold"
        )
    return article_from_document(RawDocument(source, text, bool(_HTML_SNIFF.search(text[:2000]))))


def article_from_document(document: RawDocument) -> Article:
    """Extract the article from a raw document."""
    if document.is_html:
        title, published, body = _extract_html(document)
    else:
        title, published, body = _extract_plain_text(document.text)
    body = _PAGE_WIDGET.sub("\n\n", _DATELINE.sub("", body, count=1)).strip()
    if not looks_english(body if document.is_html else document.text):
        raise NotEnglishError(f"{document.source}: does not look like English; summarize reads English articles")
    sentences = split_sentences(body, document.source)
    if not any(len(s.text.split()) >= _MIN_PROSE_WORDS for s in sentences):
        raise NoArticleTextError(f"{document.source}: no article text found")
    return Article(source=document.source, title=title, published=published, sentences=sentences)


def split_sentences(body: str, source: str = "<text>") -> list[Sentence]:
    """Split the body into sentences with ids S1..Sn, each an exact slice of the body text (syntok); a text over
    the limits (characters, sentences, one sentence's length) is refused, never cut."""
    _within_limit(len(body), MAX_CHARACTERS, source, "characters of text")
    kept = [t for t in _sentence_slices(body) if not _BOILERPLATE_SENTENCE.match(t)]
    _within_limit(len(kept), MAX_SENTENCES, source, "sentences")
    for number, text in enumerate(kept, start=1):
        _within_limit(len(text), MAX_SENTENCE_CHARACTERS, source, f"characters in one sentence (S{number})")
    return [Sentence(id=f"S{i}", text=t) for i, t in enumerate(kept, start=1)]


def _within_limit(count: int, limit: int, source: str, what: str) -> None:
    if count > limit:
        raise ArticleTooLongError(f"{source}: {count:,} {what}; the limit is {limit:,}")


def _sentence_slices(body: str) -> list[str]:
    # syntok normalises token values ("haven't" -> "have" "not"), so cut the original text at token offsets.
    import syntok.segmenter as segmenter

    starts = [sentence[0].offset for paragraph in segmenter.analyze(body) for sentence in paragraph if sentence]
    if not starts:
        return []
    bounds = zip(starts, [*starts[1:], len(body)], strict=True)
    pieces = [text for start, end in bounds if (text := " ".join(body[start:end].split()))]
    glued = [part for piece in pieces for part in _MISSED_END.split(piece) if part]
    apart = [part for piece in glued for part in _widget_apart(piece)]
    return [part for piece in apart for part in _captions_apart(piece)]


def _captions_apart(piece: str) -> list[str]:
    """Daily Mail's photo captions ("Close ties: Soumbadze has been ... as a student") run into each other and
    into the story's next sentence without a full stop: each caption stands apart, starting at its label, and
    ends where, after a lower-case word, a word that opens sentences starts the story again."""
    parts = [p.strip() for p in _CAPTION_LABEL.split(piece) if p.strip()]
    parts = _rejoin_titles(parts)
    return [part for p in parts for part in (_CAPTION_END.split(p, maxsplit=1) if caption_label(p) else [p])]


def _rejoin_titles(parts: list[str]) -> list[str]:
    """Pieces cut before a label that turns out to be a title's ("... of an Empire: The Story of ...", "With the
    new Avengers: Age of Ultron movie released ...") go back: the cut needs a caption after it and, before it, a
    clause of four words or more that does not end needing the next word."""
    joined: list[str] = []
    for part in parts:
        if joined and (not caption_label(part) or len(joined[-1].split()) < 4 or needs_next_word(joined[-1])):
            joined[-1] = f"{joined[-1]} {part}"
        else:
            joined.append(part)
    return joined


def _widget_apart(piece: str) -> list[str]:
    """A page widget run into the caption after it stands apart, cut at the space, so the sentences joined by
    spaces are the article's text as before."""
    return [part for part in (p.strip() for p in _WIDGET.split(piece)) if part]


_MISSED_END = re.compile(
    r"(?<=\s[.!?])\s+(?=\S)"  # tokenised text: "family . she became"
    r"|(?<=[a-z0-9)][.!?])(?=[A-Z][a-z])"  # glued: "in 2003.Curtis"
    r"|(?<=[.!?][\"”’]|[\"”][.!?])(?=[A-Z][a-z])"  # and about a closing quotation mark: 'EU."With', 'process".Speaking'
    r"|(?<=[a-z]{2})(?=(?:The|This|He|She|It|They|But|In|An?|We|His|Her|Its) [a-z0-9])"  # a heading: 'angerThe'
)
"""Sentence ends syntok reads as none: in tokenised text (normal prose never puts a space before its full stop),
and where a scraper dropped the paragraph break, gluing one sentence to the next (every BBC article of FRANK);
a glued end is split where it is cut, without a space added."""
_CAPTION_LABEL = re.compile(r"(?<=[a-z0-9)'’])\s+(?=[A-Z][\w'’-]*(?: [\w'’-]+){0,2}: [A-Z'‘\"“])")
_CAPTION_END = re.compile(
    r"(?<=[a-z0-9)'’])\s+(?=(?:As|The|He|She|It|They|But|And|In|On|At|After|When|While|Police|His|Her|Their|This"
    r"|That|There|We|I|Mr|Mrs|Ms|Dr|A|An) [a-z])"
)
_WIDGET = re.compile(r"(\bScroll down for videos?\b)")
"""A page widget's words that start a Daily Mail caption; it stands as a sentence of its own (ranked as framing)."""


def _decode(data: bytes, source: str, declared: str | None = None) -> str:
    if b"\x00" in data:
        raise EmptyInputError(f"{source}: looks like a binary file, not an article")
    try:
        text = data.decode(declared or "utf-8-sig")
    except (UnicodeDecodeError, LookupError):  # LookupError: a charset a web server named that Python lacks
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            raise EmptyInputError(f"{source}: not text in UTF-8 or Windows-1252") from None
    if not text.strip():
        raise EmptyInputError(f"{source}: the input is empty")
    return text


def _extract_html(document: RawDocument) -> tuple[str | None, str | None, str]:
    import trafilatura

    extracted = trafilatura.bare_extraction(
        document.text, include_comments=False, include_tables=False, with_metadata=True, favor_precision=True
    )
    body = (getattr(extracted, "text", None) or "").strip() if extracted is not None else ""
    if not body:
        raise NoArticleTextError(f"{document.source}: no article text found in the HTML page")
    title = getattr(extracted, "title", None) or None
    published = getattr(extracted, "date", None) or None
    return title, published, body


_TURN = re.compile(r"^[A-Z][\w.'-]*(?: [A-Za-z][\w.'-]*){0,2}:\s+\S")
"""A line of a transcript or chat: a speaker of one to three words, a colon, what they said ("Client: Yes.")."""
_EMAIL_SUBJECT = re.compile(r"^subject:\s+\S", re.IGNORECASE)


def _every_line_counts(lines: list[str]) -> bool:
    """A transcript (most lines are turns) or an email (a subject line first): no page furniture to cut, and its
    short lines (a question, "Client: Yes.", "Dear John,", the signature) are what was said and by whom."""
    if lines and _EMAIL_SUBJECT.match(lines[0]):
        return True
    return len(lines) >= 2 and sum(bool(_TURN.match(line)) for line in lines) * 2 >= len(lines)


def _extract_plain_text(text: str) -> tuple[str | None, str | None, str]:
    lines = [line for raw in text.splitlines() if (line := raw.strip())]
    if _every_line_counts(lines):
        subject = _EMAIL_SUBJECT.match(lines[0])
        return (
            lines[0][subject.end() - 1 :].strip() if subject else None,
            None,
            "\n".join(lines[1:] if subject else lines),
        )
    title: str | None = None
    published: str | None = None
    paragraphs: list[str] = []
    for raw_line in text.splitlines():
        line = raw_line.strip().lstrip("•·*-–").strip()
        if not line or _BOILERPLATE_LINE.search(line):
            continue
        if _TAIL_MARKERS.match(line):
            if sum(len(p.split()) for p in paragraphs) >= _MIN_BODY_WORDS:
                break
            continue  # a sidebar above the story ("Related Posts" under the date), not its end
        if found := _parse_date_line(line):
            published = published or found
            continue
        if _is_prose(line):
            paragraphs.append(line)
        elif title is None and not paragraphs and len(line.split()) >= 3:
            title = line
    if title and paragraphs:
        paragraphs[0] = _drop_repeated_title(paragraphs[0], title)
    return title, published, "\n".join(paragraphs)


def _is_prose(line: str) -> bool:
    """Headings, bylines and link titles are short and end without sentence punctuation."""
    words = len(line.split())
    ends_like_sentence = line[-1] in ".!:;\"”'’)"
    return words >= _MIN_PROSE_WORDS and (ends_like_sentence or words >= 25)


def _drop_repeated_title(paragraph: str, title: str) -> str:
    """Feeds often repeat 'SiteName Title' at the start of the body."""
    at = paragraph.find(title)
    if 0 <= at <= 40:
        rest = paragraph[at + len(title) :].strip()
        return rest or paragraph
    return paragraph


def _parse_date_line(line: str) -> str | None:
    """A line that is nothing but a date, such as 'July 15, 2025' or 'Tuesday, March 3, 2026', perhaps with a
    note in brackets after it ('Tuesday, March 3, 2026 (updated)')."""
    line = _BRACKETED_NOTE.sub("", line)
    if len(line) > 40 or not re.search(r"\d{4}", line):
        return None
    from dateutil import parser

    try:
        parsed = parser.parse(line, fuzzy=False)
    except (ValueError, OverflowError):
        return None
    return date(parsed.year, parsed.month, parsed.day).isoformat()


_LOOKS_LIKE_PATH = re.compile(r"^[^\s<>]+\.(txt|html?|md|json|xml)$|^-$", re.IGNORECASE)


def as_article(value: Article | Path | str, source: str = "<text>") -> Article:
    """An `Article` from an article, a `Path` to a file (`Path('-')` reads stdin), or a `str` of text or HTML.

    A string that is only a file name is refused with a hint: it is text, and would be summarized as such.
    """
    if isinstance(value, Article):
        return value
    if isinstance(value, Path):
        return load_article(str(value))
    if is_url(value) and len(value.split()) == 1:
        raise InputError(f"{value.strip()!r} is a string, which means article text; load_article() fetches a URL")
    if _LOOKS_LIKE_PATH.match(value.strip()):
        raise InputError(
            f"{value.strip()!r} is a string, which means article text; pass Path({value.strip()!r}) to read a file"
        )
    return article_from_text(value, source=source)
