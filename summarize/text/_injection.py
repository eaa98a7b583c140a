"""Text that addresses the model instead of reporting news ("ignore previous instructions ...").

Two kinds of cue, so that wordings nobody wrote a pattern for are still caught: the vocabulary of instructions
to a model or a checker (answer Yes, mark as supported, the system prompt, as an AI), and the shape of one:
a clause that speaks to "you" or to the checker about the claim, the document or the answer itself. News
copy does both only inside quotation marks, which are left out before looking.
"""

from __future__ import annotations

import re

_QUOTED = re.compile(r"[“\"][^”\"]*[”\"]|(?:(?<=\s)|^)['‘][^'’]{3,}['’](?=[\s.,;:!?]|$)")
_INSTRUCTION = re.compile(
    r"\b(ignore|disregard|forget|override)\b.{0,40}\b(instructions?|prompts?|rules|above|previous|guidelines)\b"
    r"|\b(mark|rate|label|judge|treat|consider|classify|score|flag|count)\b.{0,40}\b(claims?|statements?|sentences?"
    r"|summary|everything|this|it|following)\b.{0,40}\b(supported|true|correct|consistent|accurate|verified"
    r"|confirmed|factual)\b"
    r"|\b(do not|don't|never)\s+(flag|mark|question|check|reject)\b"
    r"|\bact as\b|\byou (are|must|should|will|need to)\b.{0,40}\b(answer|respond|reply|rate|mark|label|judge"
    r"|treat|consider|classify|assistant|model|ai|checker|claims?|document)\b"
    r"|\bsystem prompt\b|\b(system|assistant|user)\s*:"
    r"|\b(answer|respond|reply|output|return)(\s+with)?\s+['\"“‘]?(yes|no|true|supported)\b"
    r"|(?:^|[.!:;]\s*|\bplease\s+|\bjust\s+)say\s+['\"“‘]?(yes|true|supported)\b"
    r"|\b(as an?|dear|hey) (ai|language model|assistant|llm|checker|model|fact-?checker)\b"
    r"|\b(note|message|instruction)s? (to|for) (the )?(ai|model|assistant|checker|fact-?checking|system|llm|editors?)\b"
    r"|\beditor'?s note\b"
    r"|\b(say|answer|respond|reply|output|rate|mark|label|report)\b.{0,30}\b(it|this|that) (is|as) (true|supported"
    r"|correct|accurate|verified|consistent)\b"
    r"|\b(this|the) (claim|statement|sentence|summary) is (fully |entirely |definitely )?(supported|verified|true"
    r"|accurate|correct|confirmed)\b"
    r"|\b(the|your) answer (to .{0,60})?(is|should be|must be)\b",
    re.IGNORECASE | re.DOTALL,
)
_QUOTED_ANSWER = re.compile(r"\b(answer|respond|reply|output)\s+(with\s+)?['\"“‘](yes|no|true|supported)\b", re.I)
_CLAUSE_BREAK = re.compile(r"\s*(?:\(([^()]*)\)|\[([^\[\]]*)\])\s*|(?<=[.!?;:])\s+|\s+[—–-]{1,2}\s+")


def addresses_model(text: str) -> bool:
    """Whether the text gives instructions to a model (a prompt injection attempt), outside quotations."""
    return bool(_INSTRUCTION.search(_QUOTED.sub(" ", text)) or _QUOTED_ANSWER.search(text))


def without_instructions(text: str) -> str:
    """The text with every clause, parenthesis or bracket that addresses the model removed."""
    kept: list[str] = []
    position = 0
    for match in _CLAUSE_BREAK.finditer(text):
        kept.append(text[position : match.start()])
        inner = match.group(1) or match.group(2)
        if inner is not None:
            kept.append(f" ({inner})" if not addresses_model(inner) else " ")
        position = match.end()
    kept.append(text[position:])
    clauses = [part.strip() for part in kept]
    remaining = " ".join(c for c in clauses if c and not addresses_model(c))
    remaining = re.sub(r"\s+([.,;:])", r"\1", " ".join(remaining.split()))
    return re.sub(r"[;:,]$", ".", remaining)
