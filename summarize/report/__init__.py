"""Output formats: Markdown for the terminal, self-contained HTML for editors, versioned JSON for machines.

A new output format goes here, as a function of the result models; nothing here decides a verdict.
"""

from summarize._version import SCHEMA_VERSION
from summarize.report._diff import differing_words
from summarize.report._html import report_html, summary_html
from summarize.report._json import CheckedSummary, json_document, json_schema, schema_names
from summarize.report._markdown import report_markdown, summary_markdown
from summarize.report._story import story_html, story_markdown
from summarize.report._terminal import printable

__all__ = [
    "SCHEMA_VERSION",
    "CheckedSummary",
    "differing_words",
    "json_document",
    "json_schema",
    "printable",
    "report_html",
    "report_markdown",
    "schema_names",
    "story_html",
    "story_markdown",
    "summary_html",
    "summary_markdown",
]
