"""Chinese line breaking for reportlab's CJK wrap (used by :func:`safetydesk.printing.page.styles`).

reportlab breaks CJK text between any two characters and knows only the Japanese set of
characters that may not start a line. :func:`install` teaches it the rules of Chinese forms: no
closing mark starts a line and no opening bracket ends one, a number stays with its unit, a
文号 (润安通〔2026〕12号) is never split, the last line of a paragraph is never a single
character broken off a word ("保护" → "护"), and no closing mark hangs in the margin.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from reportlab.pdfbase.pdfmetrics import stringWidth

#: Chinese punctuation that may not start a line. reportlab's CJK wrap knows the Japanese set
#: only (it lacks the full-width ，；：？！ of Chinese text).
NO_LINE_START = "，。、；：？！）》」』】〕．”’"


#: Units that stay on the line of the number before them (2026年11|月 would split a date).
NUMBER_UNITS = "年月日号项条张个名人次时分元米"
#: Opening punctuation that may not end a line (reportlab's CJK wrap has no such rule).
NO_LINE_END = "（《「『【〔“‘"
#: A 文号 (润安通〔2026〕12号): its 简称 and 代字, the year and the serial never split over lines.
DOC_NUMBER = re.compile(r"[\u4e00-\u9fff]{1,8}〔\d{4}〕\d+号")


#: Most re-splits of one paragraph (each fixes one line end; the rest keep reportlab's breaks).
_MAX_ROUNDS = 200
#: Attribute that marks a reportlab splitter as already wrapped by :func:`_keep_rules` (or
#: :func:`_keep_rules_single`), so that :func:`install` wraps it only once.
_KEEPS_RULES = "keeps_line_rules"


def _narrowed(widths: list[float], k: int, width: float) -> list[float]:
    """``widths`` (per line, the last one repeating) with line ``k`` set to ``width``."""
    out = list(widths)
    if len(out) <= k + 1:
        out += [out[-1]] * (k + 2 - len(out))
    out[k] = width
    return out


def is_cjk(char: str) -> bool:
    """True for a CJK ideograph (a character of a Chinese word, not punctuation)."""
    return "\u4e00" <= char <= "\u9fff" or "\u3400" <= char <= "\u4dbf"


def _ems(text: str) -> float:
    """Rough width of ``text`` in ems: a Chinese character is one, a digit or letter a half."""
    return sum(1.0 if ord(c) >= 0x2000 else 0.5 for c in text)


def _orphan(text: str) -> bool:
    """True when a paragraph's last line is one character (and its closing punctuation)."""
    core = text.rstrip(NO_LINE_START + " ")
    return len(core) == 1 and is_cjk(core)


def _bad_break(texts: list[str], breaks: list[bool]) -> tuple[int, int] | None:
    """The first line whose end breaks a rule, and how many of its last characters to move down.

    A line may not end with an opening bracket (move it down); the next line may not start with
    closing punctuation (reportlab hangs only one such character in the margin; move the last
    two characters down so the punctuation follows a character); a number is not split from its
    unit (move the digits down with their unit: 2026年 / 11月20日); a 文号 is not split (move
    its first part down); the last line of a paragraph (before a line break or at the end) is
    not a single character (move the character before it down: "保护", not "保" / "护").
    """
    joined = "".join(texts)
    numbers = [m.span() for m in DOC_NUMBER.finditer(joined)]
    end = 0
    for k in range(len(texts) - 1):
        end += len(texts[k])
        if breaks[k]:
            continue
        text, nxt = texts[k], texts[k + 1]
        if len(text) > 1 and text[-1] in NO_LINE_END:
            return k, 1
        if nxt[:1] and nxt[0] in NO_LINE_START and len(text) > 2:
            return k, 2
        if nxt[:1] and nxt[0] in NUMBER_UNITS and text[-1:].isdigit():
            digits = len(text) - len(text.rstrip("0123456789"))
            if len(text) > digits + 1:
                return k, digits
        for start, stop in numbers:
            if start < end < stop:
                # The number goes down with an opening bracket before it; only when it then
                # fits the next line (with a closing mark after it), judged by this line's length.
                while start > end - len(text) and joined[start - 1] in NO_LINE_END:
                    start -= 1
                while stop < len(joined) and joined[stop] in NO_LINE_START:
                    stop += 1
                if len(text) > end - start and _ems(joined[start:stop]) <= _ems(text):
                    return k, end - start
        last = k + 2 == len(texts) or breaks[k + 1]
        if last and _orphan(nxt) and len(text) > 2:
            return k, 1 if is_cjk(text[-1]) else 2
    return None


def _hung(texts: list[str], spare: list[float]) -> tuple[int, int] | None:
    """The first line that reportlab let overflow (it hangs a closing mark in the margin), and
    the characters to move down: the mark with the character before it, so the text keeps to
    the 版心."""
    for k, (text, room) in enumerate(zip(texts, spare, strict=True)):
        if room < -0.01 and len(text) > 2:
            return k, 2
    return None


def _keep_rules_single(split: Callable[..., Any]) -> Callable[..., Any]:
    """Wrap reportlab's one-run CJK splitter (``textsplit.dumbSplit``), see :func:`_bad_break`."""

    def dumb_split(word: str, widths: list[float], max_widths: Any) -> Any:
        limits = list(max_widths) if isinstance(max_widths, list | tuple) else [max_widths]
        full: dict[int, float] = {}
        for rounds in range(_MAX_ROUNDS):
            lines = split(word, widths, limits)
            texts = [ln[1] for ln in lines]
            bad = _bad_break(texts, [False] * len(lines)) or _hung(texts, [ln[0] for ln in lines])
            if bad is None:
                break
            if rounds > 3 * len(lines):  # the rules cannot all be met: reportlab's own breaks
                return split(word, widths, max_widths)
            k, drop = bad
            pos = 0
            for ln in lines[:k]:
                pos = word.index(ln[1], pos) + len(ln[1]) if ln[1] else pos
            end = word.index(lines[k][1], pos) + len(lines[k][1])
            limit = limits[min(k, len(limits) - 1)]
            full.setdefault(k, limit)
            limits = _narrowed(limits, k, limit - lines[k][0] - sum(widths[end - drop : end]))
        for k, width in full.items():
            if k < len(lines):
                lines[k][0] += width - limits[min(k, len(limits) - 1)]
        return lines

    setattr(dumb_split, _KEEPS_RULES, True)
    return dumb_split


def _keep_rules(split: Callable[..., Any]) -> Callable[..., Any]:
    """Wrap reportlab's CJK splitter of mixed runs (``cjkFragSplit``), see :func:`_bad_break`.

    The offending line's width is narrowed and the split redone (a few rounds at most); the
    narrowed line keeps its real width for alignment.
    """

    def split_cjk(frags: Any, max_widths: Any, calc_bounds: Any, *args: Any) -> Any:
        limits = list(max_widths)
        full: dict[int, float] = {}
        for rounds in range(_MAX_ROUNDS):
            result = split(frags, limits, calc_bounds, *args)
            lines = result.lines
            texts = ["".join(w.text for w in ln.words) for ln in lines]
            bad = _bad_break(texts, [bool(ln.lineBreak) for ln in lines]) or _hung(
                texts, [ln.extraSpace for ln in lines]
            )
            if bad is None:
                break
            if rounds > 3 * len(lines):  # the rules cannot all be met: reportlab's own breaks
                return split(frags, max_widths, calc_bounds, *args)
            k, drop = bad
            used = sum(stringWidth(w.text, w.fontName, w.fontSize) for w in lines[k].words)
            last = lines[k].words[-1]
            tail = sum(stringWidth(c, last.fontName, last.fontSize) for c in texts[k][-drop:])
            full.setdefault(k, limits[min(k, len(limits) - 1)])
            limits = _narrowed(limits, k, used - tail)
        for k, width in full.items():
            if k < len(lines):
                lines[k].extraSpace += width - lines[k].maxWidth
                lines[k].maxWidth = width
        # reportlab leaves an empty line when a hung closing mark is followed by a line break.
        kept: list[Any] = []
        for ln in lines:
            empty = not "".join(w.text for w in ln.words)
            if empty and ln.lineBreak and kept and not kept[-1].lineBreak:
                kept[-1].lineBreak = True
                continue
            kept.append(ln)
        lines[:] = kept
        return result

    setattr(split_cjk, _KEEPS_RULES, True)
    return split_cjk


def install() -> None:
    """Teach reportlab's CJK wrap the rules (once per process; later calls do nothing)."""
    import reportlab.lib.textsplit as textsplit
    import reportlab.platypus.paragraph as paragraph

    # reportlab's CJK wrap reads these module globals, which are not its API: the stubs declare
    # textsplit.ALL_CANNOT_START Final and leave out paragraph's copy of it and
    # paragraph.cjkFragSplit (neither is exported). So they are rebound through the modules'
    # namespaces, which says what this is: a patch of reportlab's globals.
    para_globals = vars(paragraph)
    cannot_start: str = para_globals["ALL_CANNOT_START"]
    missing = "".join(c for c in NO_LINE_START if c not in cannot_start)
    if missing:
        para_globals["ALL_CANNOT_START"] = cannot_start + missing
        vars(textsplit)["ALL_CANNOT_START"] = para_globals["ALL_CANNOT_START"]
    if not getattr(para_globals["cjkFragSplit"], _KEEPS_RULES, False):
        para_globals["cjkFragSplit"] = _keep_rules(para_globals["cjkFragSplit"])
    if not getattr(textsplit.dumbSplit, _KEEPS_RULES, False):
        textsplit.dumbSplit = _keep_rules_single(textsplit.dumbSplit)
