"""Reading grade (Flesch-Kincaid), measured offline.

Syllables: the larger of pyphen's hyphenation points + 1 and a vowel-group count with the usual English
corrections (silent final e, -ed). pyphen alone undercounts ("medicine" -> 1), which would flatter the text;
taking the larger errs towards a stricter grade.
"""

from __future__ import annotations

import re

import pyphen

_DICTIONARY = pyphen.Pyphen(lang="en_US")
_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")
_SENTENCE_END = re.compile(r"[.!?]+(?:\s|$)|\n\s*\n")


def syllables(word: str) -> int:
    letters = re.sub(r"[^a-z]", "", word.lower())
    if not letters:
        return 0
    groups = len(re.findall(r"[aeiouy]+", letters))
    if letters.endswith("e") and not letters.endswith(("le", "ee", "ye")) and groups > 1:
        groups -= 1
    if letters.endswith("ed") and not letters.endswith(("ted", "ded")) and groups > 1:
        groups -= 1
    hyphenated = len(_DICTIONARY.positions(letters)) + 1
    return max(1, groups, hyphenated)


def grade(text: str) -> float:
    words = _WORD.findall(text)
    if not words:
        return 0.0
    sentences = max(1, len([part for part in _SENTENCE_END.split(text) if _WORD.search(part)]))
    total = sum(syllables(word) for word in words)
    return 0.39 * len(words) / sentences + 11.8 * total / len(words) - 15.59
