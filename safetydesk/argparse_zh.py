"""argparse's own messages in Chinese ("invalid choice", "expected one argument", usage …).

argparse looks its messages up through :func:`gettext.gettext` at the moment it prints them
(the module's ``_`` and ``ngettext``). :func:`install` puts a small catalogue of the messages of
the Python versions we support in front of them; a message not in it stays as argparse wrote it.
"""

from __future__ import annotations

import argparse
import gettext

#: argparse's message → Chinese (printf-style fields kept as they are).
MESSAGES: dict[str, str] = {
    "usage: ": "用法：",
    "positional arguments": "位置参数",
    "options": "选项",
    "optional arguments": "选项",
    "show this help message and exit": "显示本帮助并退出",
    "show program's version number and exit": "显示版本号并退出",
    "%(prog)s: error: %(message)s\n": "%(prog)s：错误：%(message)s\n",
    "argument %(argument_name)s: %(message)s": "参数 %(argument_name)s：%(message)s",
    "invalid choice: %(value)r (choose from %(choices)s)": "无效的选择「%(value)s」，可选：%(choices)s",
    "expected one argument": "缺少取值：请在后面写上一个值",
    "expected at most one argument": "最多只能写一个值",
    "expected at least one argument": "至少需要写一个值",
    "the following arguments are required: %s": "缺少必需的参数：%s",
    "unrecognized arguments: %s": "无法识别的参数：%s（用 --help 查看可用的参数）",
    "invalid %(type)s value: %(value)r": "取值「%(value)s」无效（应为 %(type)s）",
    "ambiguous option: %(option)s could match %(matches)s": "选项 %(option)s 不明确，可能是：%(matches)s",
    "not allowed with argument %s": "不能与参数 %s 同时使用",
    "one of the arguments %s is required": "参数 %s 中必须给出一个",
    "ignored explicit argument %r": "忽略了多余的取值 %r",
}
#: Plural messages: (singular, plural) → Chinese.
PLURALS: dict[tuple[str, str], str] = {
    ("expected %s argument", "expected %s arguments"): "需要 %s 个取值",
}


def _gettext(message: str) -> str:
    return MESSAGES.get(message, message)


def _ngettext(singular: str, plural: str, n: int) -> str:
    found = PLURALS.get((singular, plural))
    return found if found is not None else gettext.ngettext(singular, plural, n)


def install() -> None:
    """Make argparse print its messages in Chinese (idempotent)."""
    # argparse's module globals (not public API, stable since Python 3.2).
    setattr(argparse, "_", _gettext)  # noqa: B010
    setattr(argparse, "ngettext", _ngettext)  # noqa: B010
