"""Chinese line breaking of form paragraphs (page.py): what an office would object to."""

from __future__ import annotations

import random

import pytest

from safetydesk.printing.fonts import ensure_fonts
from safetydesk.printing.linebreaks import NO_LINE_END, NO_LINE_START, NUMBER_UNITS
from safetydesk.printing.page import para, styles, we

PIECES = (
    "本办于{d}作出了《安全隐患整改通知书》（润安通〔2026〕{k}号），",
    "请于{d}前整改完毕。",
    "对 {k} 项隐患",
    "经复查，“整改”到位；",
    "钢瓶间距不足 0.5 米，",
    "报送办公室（电话 0356-4000001）。",
)


def _lines(text: str, style: str, width: float) -> list[tuple[str, bool]]:
    p = para(text, styles(ensure_fonts())[style])
    p.wrap(width, 10_000)
    out = []
    for line in p.blPara.lines:
        if isinstance(line, tuple):  # one-run paragraphs: (extra space, [text])
            out.append(("".join(line[1]), False))
        else:
            out.append(("".join(w.text for w in line.words), bool(line.lineBreak)))
    return out


@pytest.mark.parametrize("style", ["body", "cell", "small"])
def test_no_bad_line_breaks(style: str) -> None:
    rnd = random.Random(style)
    for _ in range(150):
        text = "".join(
            rnd.choice(PIECES).format(
                d=f"{rnd.choice([2025, 2026])}年{rnd.randint(1, 12)}月{rnd.randint(1, 30)}日",
                k=rnd.randint(1, 300),
            )
            for _ in range(rnd.randint(2, 10))
        )
        lines = _lines(text, style, rnd.uniform(110, 440))
        assert "".join(t for t, _ in lines).replace(" ", "") == text.replace(" ", "")
        for (line, forced), (nxt, _) in zip(lines, lines[1:], strict=False):
            if forced:
                continue
            assert not (len(line) > 1 and line[-1] in NO_LINE_END), (line, nxt)
            assert nxt[:1] not in tuple(NO_LINE_START), (line, nxt)
            assert not (line[-1:].isdigit() and nxt[:1] in tuple(NUMBER_UNITS)), (line, nxt)


def test_markup_and_line_breaks_are_kept() -> None:
    lines = _lines("电压<220V & 无接地\n第二行", "cell", 400)
    assert lines[0] == ("电压<220V & 无接地", True) and lines[1][0] == "第二行"


def test_we() -> None:
    assert [we(n) for n in ("润城镇", "董封乡", "西街街道", "某街道办事处")] == [
        "我镇",
        "我乡",
        "我街道",
        "我街道",
    ]


def test_no_empty_line_after_a_hung_closing_mark() -> None:
    from reportlab.lib.styles import ParagraphStyle

    base = styles(ensure_fonts())["cell"]
    p = para(
        "复查合格（姜庆凤、金军志）\n2025年12月16日销号",
        ParagraphStyle("t", parent=base, fontSize=9),
    )
    p.wrap(60, 1000)
    texts = ["".join(w.text for w in line.words) for line in p.blPara.lines]
    assert "" not in texts and texts[-2:] == ["2025年12月", "16日销号"]
