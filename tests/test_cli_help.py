"""``--help`` of the CLI, of every command and of every nested sub-command exits 0 (no database)."""

from __future__ import annotations

import argparse

import pytest
from clitools import run

from safetydesk.cli import _parser

#: The commands in the order ``safetydesk --help`` lists them (README "Command line").
COMMANDS = (
    "init", "demo", "import", "export", "list", "add", "edit", "archive", "restore", "fields",
    "settings", "documents", "hazard", "notice", "info", "gui", "holidays", "inspection",
    "coverage", "draw", "checklists", "photos", "plans", "plan", "shelter", "contact", "workgroup",
    "riskpoint", "route", "team", "supply", "card", "household", "baobao", "callout", "drill",
    "drills", "print",
)  # fmt: skip


def _subcommands(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    return {}


def _help_paths() -> list[tuple[str, ...]]:
    """Every command and nested sub-command that has a --help (``gui`` hands its options on)."""
    out: list[tuple[str, ...]] = [()]
    for name, sub in _subcommands(_parser()[0]).items():
        if name == "gui":
            continue
        out.append((name,))
        out += [(name, nested) for nested in _subcommands(sub)]
    return out


def test_commands_are_listed_in_readme_order(capsys: pytest.CaptureFixture[str]) -> None:
    assert tuple(_subcommands(_parser()[0])) == COMMANDS
    with pytest.raises(SystemExit) as exit_:
        run(capsys, "--help")
    out = capsys.readouterr().out
    assert exit_.value.code == 0
    listed = [line.split()[0] for line in out.splitlines() if line.startswith("    ")]
    assert tuple(listed) == COMMANDS


@pytest.mark.parametrize("path", _help_paths(), ids=lambda p: " ".join(p) or "safetydesk")
def test_help_exits_0(capsys: pytest.CaptureFixture[str], path: tuple[str, ...]) -> None:
    with pytest.raises(SystemExit) as exit_:
        run(capsys, *path, "--help")
    out, err = capsys.readouterr()
    assert exit_.value.code == 0, err
    assert out.startswith(f"用法：safetydesk {' '.join(path)}".rstrip()) and not err


def test_gui_options_speak_chinese(capsys: pytest.CaptureFixture[str]) -> None:
    """The GUI's own parser (``main.py``/``safetydesk gui``) prints argparse's texts in Chinese."""
    from safetydesk.app import build_parser

    with pytest.raises(SystemExit) as exit_:
        build_parser().parse_args(["--help"])
    assert exit_.value.code == 0
    out = capsys.readouterr().out
    assert "用法：" in out and "显示本帮助并退出" in out and "显示版本号并退出" in out
    assert not any(word in out for word in ("usage:", "options:", "show this help", "show program"))
    with pytest.raises(SystemExit):
        build_parser().parse_args(["--today"])
    err = capsys.readouterr().err
    assert "缺少取值" in err and "expected" not in err
