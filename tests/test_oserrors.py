"""Issue 9, point 14: one function says an OSError in Chinese, with the path and what to do."""

from __future__ import annotations

import errno
from pathlib import Path

import pytest

from safetydesk.errors import FileAccessError
from safetydesk.oserrors import mkdir_message, os_error_message


def _real(fn, *args):  # noqa: ANN001, ANN202 - the OSError a real call raises
    with pytest.raises(OSError) as caught:
        fn(*args)
    return caught.value


def test_real_errors_are_said_in_chinese_with_their_path(tmp_path: Path) -> None:
    missing = _real(open, tmp_path / "没有" / "x.txt")
    text = os_error_message(missing, action="读取")
    assert text.startswith(f"无法读取「{tmp_path / '没有' / 'x.txt'}」：文件或文件夹不存在。")
    folder = _real(open, tmp_path, "rb")
    assert "这是一个文件夹，不是文件" in os_error_message(folder)
    a_file = tmp_path / "f.txt"
    a_file.write_text("x", encoding="utf-8")
    under = _real((a_file / "sub").mkdir)
    assert "是文件，不是文件夹" in mkdir_message(under, a_file / "sub")
    for exc in (missing, folder, under):
        assert "Errno" not in os_error_message(exc) and "No such" not in os_error_message(exc)


@pytest.mark.parametrize(
    ("code", "words"),
    [(errno.EACCES, "没有访问权限"), (errno.EROFS, "只读"), (errno.ENOSPC, "磁盘空间已满"),
     (errno.ENAMETOOLONG, "太长"), (12345, "系统错误（代码 12345）")],
)  # fmt: skip
def test_each_errno_has_a_chinese_reason(code: int, words: str) -> None:
    text = os_error_message(OSError(code, "English text"), "D:\\台账\\x.pdf", action="写入")
    assert text.startswith("无法写入「D:\\台账\\x.pdf」：") and words in text and "English" not in text


def test_a_windows_sharing_violation_names_the_program_holding_the_file() -> None:
    exc = PermissionError(errno.EACCES, "The process cannot access the file")
    exc.winerror = 32  # type: ignore[attr-defined]
    assert "正被其他程序打开" in os_error_message(exc, "x.xlsx")


def test_an_error_already_in_chinese_is_kept() -> None:
    exc = FileAccessError("无法写入「x」：这是一个文件夹，不是文件。", errno.EISDIR)
    assert isinstance(exc, OSError) and os_error_message(exc) == str(exc)
