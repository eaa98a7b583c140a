"""Story mode: several outlets' versions of one story, what they agree on, and exactly where they differ.

Sentences aligned across outlets (`_align.py`) -> facts with each outlet's stance (`_facts.py`, the checker's
judge where alignment is unsure) -> quotations aligned by speaker and wording (`_quotations.py`) ->
disagreements (`_disagreements.py`) -> outlet profiles (`_profiles.py`) -> a `StoryReport`.
"""

from summarize.story._schema import (
    Disagreement,
    Excerpt,
    OutletProfile,
    OutletSupport,
    StoryFact,
    StoryKeyPoint,
    StoryReport,
    StorySource,
    StorySummary,
)
from summarize.story._story import astory, story

__all__ = [
    "Disagreement",
    "Excerpt",
    "OutletProfile",
    "OutletSupport",
    "StoryFact",
    "StoryKeyPoint",
    "StoryReport",
    "StorySource",
    "StorySummary",
    "astory",
    "story",
]
