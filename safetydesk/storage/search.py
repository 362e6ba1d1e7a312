"""Full-text search over Chinese and Latin text with SQLite FTS5 (ARCHITECTURE settled choice 4).

The default ``unicode61`` tokenizer treats a run of CJK characters as one token, so nothing
inside it can be found. We index text with a space between CJK characters, making each character
a token, and query as a phrase: "消防栓" becomes the phrase ``"消 防 栓"``, which finds the word
anywhere, at any query length (1 character included).
"""

from __future__ import annotations

import re

from sqlite_utils import Database

#: CJK ideographs, CJK punctuation, full-width forms and compatibility ideographs.
_CJK_RANGES = ((0x2E80, 0x9FFF), (0xF900, 0xFAFF), (0xFF00, 0xFFEF))
#: str.translate table putting spaces around each CJK character (C speed; built on first use).
_SPACED: dict[int, str] = {}


def fts_text(*parts: str | None) -> str:
    """Text to index: the parts joined, with every CJK character made its own token."""
    if not _SPACED:
        _SPACED.update(
            {cp: f" {chr(cp)} " for lo, hi in _CJK_RANGES for cp in range(lo, hi + 1)}
        )
    return " ".join(p for p in parts if p).translate(_SPACED)


def fts_query(text: str) -> str | None:
    """FTS5 MATCH expression for a user's query (all whitespace-separated terms must match).

    Returns ``None`` when the query has nothing searchable.
    """
    terms = []
    for term in text.split():
        tokens = re.findall(r"\w+", fts_text(term))
        if tokens:
            phrase = " ".join(tokens).replace('"', '""')
            # A Latin/digit last token also matches as a prefix ("9114" finds a USCC).
            star = "*" if tokens[-1].isascii() else ""
            terms.append(f'"{phrase}"{star}')
    return " AND ".join(terms) if terms else None


def set_text(db: Database, table: str, *, rowid: int, body: str) -> None:
    """Index (or re-index) one record's text in ``{table}_fts`` under its id."""
    db.execute(f"DELETE FROM {table}_fts WHERE rowid = ?", [rowid])
    db.execute(f"INSERT INTO {table}_fts(rowid, body) VALUES (?, ?)", [rowid, body])


def match_sql(table: str) -> str:
    """SQL fragment ``id IN (…)`` restricting ``table`` to rows whose text matches ``?``."""
    return f"id IN (SELECT rowid FROM {table}_fts WHERE {table}_fts MATCH ?)"
