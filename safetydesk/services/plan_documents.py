"""Plan documents: a file is accepted by what it contains, not by its name, and opened with the
system viewer.

Accepted: PDF (``%PDF-``), Word .docx (a zip holding ``word/document.xml``), and .doc / .wps
(an OLE2 compound file, ``D0 CF 11 E0 A1 B1 1A E1``; one that is clearly an Excel or PowerPoint
file is refused). Anything else is refused with a Chinese message naming what the file really is
when it is recognised (JPEG/PNG/GIF image, zip/RAR/7z archive, program, text …).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

from safetydesk.errors import SafetyDeskError, ValidationError
from safetydesk.services.photos import check_upload

#: Largest plan document accepted (bytes).
MAX_BYTES = 50 * 1024 * 1024
#: What a plan document may be (said in messages).
ACCEPTED = "PDF、Word（.doc/.docx）或 WPS（.wps）文档"

PDF_MAGIC = b"%PDF-"
ZIP_MAGIC = b"PK\x03\x04"
OLE2_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")

#: Recognised non-documents by their first bytes → what to call them.
_OTHERS: tuple[tuple[bytes, str], ...] = (
    (b"\xff\xd8\xff", "JPEG 图片"),
    (b"\x89PNG\r\n\x1a\n", "PNG 图片"),
    (b"GIF87a", "GIF 图片"),
    (b"GIF89a", "GIF 图片"),
    (b"BM", "BMP 图片"),
    (b"MZ", "Windows 程序（.exe）"),
    (b"\x7fELF", "程序文件"),
    (b"Rar!\x1a\x07", "RAR 压缩包"),
    (b"7z\xbc\xaf\x27\x1c", "7z 压缩包"),
    (b"\x1f\x8b", "gzip 压缩包"),
    (b"{\\rtf", "RTF 文本"),
)


def _utf16(name: str) -> bytes:
    return name.encode("utf-16-le")


def _ole2_kind(data: bytes) -> str | None:
    """What an OLE2 file is when it is clearly not a word-processor document (else ``None``)."""
    if _utf16("WordDocument") in data:
        return None
    if _utf16("Workbook") in data or _utf16("Book\x00") in data:
        return "Excel 表格（.xls）"
    if _utf16("PowerPoint Document") in data:
        return "PowerPoint 演示文稿（.ppt）"
    return None


def _zip_kind(path: Path) -> tuple[bool, str]:
    """(is a .docx, what it is otherwise)."""
    try:
        with zipfile.ZipFile(path) as z:
            names = set(z.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return False, "损坏的压缩文件"
    if "word/document.xml" in names:
        return True, ""
    if any(n.startswith("xl/") for n in names):
        return False, "Excel 表格（.xlsx）"
    if any(n.startswith("ppt/") for n in names):
        return False, "PowerPoint 演示文稿（.pptx）"
    return False, "zip 压缩包"


def _is_text(head: bytes) -> bool:
    if b"\x00" in head:
        return False
    for encoding in ("utf-8", "gb18030"):
        try:
            head.decode(encoding)
        except UnicodeDecodeError:
            continue
        return True
    return False


def check_document(path: Path) -> str:
    """The suffix (``.pdf``, ``.docx``, ``.doc``, ``.wps``) to store ``path`` under, after
    checking by its content that it is a plan document.

    Raises:
        ValidationError: Missing, empty, too large, or not a PDF/Word/WPS document.
    """
    name = path.name
    check_upload(path, field="attachment", noun="", max_bytes=MAX_BYTES, verb="附加")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ValidationError("attachment", f"无法读取「{name}」：{exc.strerror or exc}。") from exc
    what = ""
    if data.startswith(PDF_MAGIC):
        return ".pdf"
    if data.startswith(ZIP_MAGIC):
        is_docx, what = _zip_kind(path)
        if is_docx:
            return ".docx"
    elif data.startswith(OLE2_MAGIC):
        what = _ole2_kind(data) or ""
        if not what:
            return ".wps" if path.suffix.lower() == ".wps" else ".doc"
    else:
        what = next((label for magic, label in _OTHERS if data.startswith(magic)), "")
        if not what and _is_text(data[:4096]):
            what = "文本文件"
    if what:
        raise ValidationError(
            "attachment", f"「{name}」实际是{what}，不是预案文档：只能附加{ACCEPTED}。"
        )
    raise ValidationError("attachment", f"「{name}」不是{ACCEPTED}，不能作为预案文档附加。")


#: How long :func:`system_open` waits for the launcher (xdg-open/open) to hand over and end.
LAUNCH_WAIT_SECONDS = 5.0
#: Launchers still running after that wait (kept so that they are not reaped as garbage).
_LAUNCHED: list[subprocess.Popen[bytes]] = []


def system_open(path: Path) -> None:
    """Open ``path`` with the system's viewer (os.startfile on Windows, open/xdg-open elsewhere).

    Raises:
        SafetyDeskError: No viewer could be started (Chinese message naming the file).
    """
    try:
        startfile = getattr(os, "startfile", None)  # Windows only
        if sys.platform == "win32" and startfile is not None:
            startfile(str(path))
            return
        tool = "open" if sys.platform == "darwin" else "xdg-open"
        if shutil.which(tool) is None:
            raise SafetyDeskError(
                f"本机没有可用的打开程序（{tool}），请手动打开文件：{path}"
            )
        proc = subprocess.Popen(
            [tool, str(path)],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        try:
            proc.wait(timeout=LAUNCH_WAIT_SECONDS)  # xdg-open hands over to the viewer and ends
        except subprocess.TimeoutExpired:
            _LAUNCHED.append(proc)  # a viewer that stays: keep it, do not wait for it
    except OSError as exc:
        raise SafetyDeskError(f"无法打开文件「{path}」：{exc.strerror or exc}") from exc
