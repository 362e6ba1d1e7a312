"""OS errors in Chinese: what could not be done, to which path, why, and what to do.

Used wherever a file or folder fails (the CLI's error handling, the GUI's messages, the writers
of PDF and xlsx files) instead of Python's "[Errno 13] Permission denied: …".
"""

from __future__ import annotations

import errno
import os

from safetydesk.errors import FileAccessError

#: errno → (why, what to do). ``{path}`` is filled in.
_ERRNO_TEXTS: dict[int, tuple[str, str]] = {
    errno.ENOENT: ("文件或文件夹不存在", "请检查路径是否写对、所在文件夹是否存在。"),
    errno.EACCES: ("没有访问权限", "请检查它（或所在文件夹）是否设为只读、当前用户是否有权限，或换一个位置。"),
    errno.EPERM: ("操作不被允许", "请检查它（或所在文件夹）的权限，或换一个位置。"),
    errno.EROFS: ("所在的磁盘（或 U 盘、光盘）是只读的", "请换一个可写的位置。"),
    errno.ENOSPC: ("磁盘空间已满", "请清理磁盘空间，或换一个有空间的位置。"),
    errno.EDQUOT: ("磁盘配额已用完", "请清理空间，或换一个位置。"),
    errno.EISDIR: ("这是一个文件夹，不是文件", "请写出文件夹中的文件名。"),
    errno.ENOTDIR: ("路径中有一级是文件，不是文件夹", "请检查路径是否写对。"),
    errno.EEXIST: ("同名的文件或文件夹已经存在", "请换一个名称。"),
    errno.EBUSY: ("文件正被其他程序占用", "请关闭正在使用它的程序后重试。"),
    errno.ETXTBSY: ("文件正被其他程序占用", "请关闭正在使用它的程序后重试。"),
    errno.ENAMETOOLONG: ("文件名或路径太长", "请缩短文件名，或换一个层级较浅的文件夹。"),
    errno.EINVAL: ("文件名或路径不合规（可能含有 \\ / : * ? \" < > | 等字符）", "请换一个文件名。"),
    errno.EMFILE: ("同时打开的文件太多", "请关闭一些程序后重试。"),
    errno.ENFILE: ("同时打开的文件太多", "请关闭一些程序后重试。"),
    errno.EIO: ("读写磁盘时出错（磁盘或 U 盘可能有故障或已拔出）", "请检查磁盘后重试。"),
    errno.ELOOP: ("路径中的链接太多或循环", "请检查路径。"),
    errno.EXDEV: ("不能跨磁盘移动", "请换一个同一磁盘上的位置。"),
}
#: Windows error codes that errno does not tell apart.
_WINERROR_TEXTS: dict[int, tuple[str, str]] = {
    32: ("文件正被其他程序打开（例如在 Excel、WPS 或 PDF 阅读器中）", "请关闭该文件后重试。"),
    33: ("文件的一部分被其他程序锁定", "请关闭正在使用它的程序后重试。"),
    123: ("文件名或路径不合规（可能含有 \\ / : * ? \" < > | 等字符）", "请换一个文件名。"),
    1224: ("文件正被其他程序使用", "请关闭正在使用它的程序后重试。"),
}


def os_error_message(
    exc: OSError, path: str | os.PathLike[str] | None = None, *, action: str = "访问"
) -> str:
    """``exc`` in Chinese: 无法{action}「path」：why。what to do.

    Args:
        exc: The error (its ``filename`` is used when ``path`` is not given).
        path: The file or folder concerned.
        action: What was being done (读取, 写入, 创建文件夹 …).
    """
    if isinstance(exc, FileAccessError):
        return exc.message  # already said in Chinese
    target = path if path is not None else exc.filename
    where = f"「{os.fsdecode(target)}」" if target not in (None, "") else ""
    winerror = getattr(exc, "winerror", None)
    known = _WINERROR_TEXTS.get(winerror) if isinstance(winerror, int) else None
    if known is None and exc.errno is not None:
        known = _ERRNO_TEXTS.get(exc.errno)
    if known is None and isinstance(exc, PermissionError):
        known = _ERRNO_TEXTS[errno.EACCES]
    if known is None and isinstance(exc, FileNotFoundError):
        known = _ERRNO_TEXTS[errno.ENOENT]
    if known is None:
        code = exc.errno if exc.errno is not None else winerror
        why, advice = (f"系统错误（代码 {code}）" if code is not None else "系统错误"), "请检查后重试。"
    else:
        why, advice = known
    return f"无法{action}{where}：{why}。{advice}"


def mkdir_message(exc: OSError, folder: str | os.PathLike[str]) -> str:
    """``exc`` of creating ``folder`` (with its parents) in Chinese."""
    if isinstance(exc, FileExistsError | NotADirectoryError):
        return f"无法创建文件夹「{os.fsdecode(folder)}」：路径中有一级是文件，不是文件夹。请检查路径是否写对。"
    return os_error_message(exc, folder, action="创建文件夹")
