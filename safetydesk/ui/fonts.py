"""Choose the application font so that Chinese always renders, at a readable size.

A system Chinese font is preferred (微软雅黑 on Windows). When the system has none, the bundled
WenQuanYi Micro Hei (``resources/fonts/wqy-microhei.ttc``) is registered with Qt and used.
Called once by ``ui/app.py`` after the QApplication exists.
"""

from __future__ import annotations

import logging

from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

from safetydesk import paths

log = logging.getLogger(__name__)

#: System font families tried first, best first (Windows, then macOS, then Linux names).
PREFERRED_FAMILIES: tuple[str, ...] = (
    "Microsoft YaHei UI",
    "Microsoft YaHei",
    "微软雅黑",
    "PingFang SC",
    "Noto Sans CJK SC",
    "Noto Sans SC",
    "Source Han Sans SC",
    "思源黑体",
    "WenQuanYi Micro Hei",
    "文泉驿微米黑",
    "WenQuanYi Zen Hei",
    "SimHei",
    "黑体",
)
#: The bundled font, under ``resources/``.
BUNDLED_FONT = "fonts/wqy-microhei.ttc"
#: Application font size in points (Windows' own default is 9 pt, too small for daily reading).
POINT_SIZE = 10.0


def system_cjk_family() -> str | None:
    """The best installed family that can show Simplified Chinese, or None."""
    installed = set(QFontDatabase.families())
    for family in PREFERRED_FAMILIES:
        if family in installed:
            return family
    chinese = QFontDatabase.families(QFontDatabase.WritingSystem.SimplifiedChinese)
    # Skip fonts that merely claim CJK support but are symbol/monospace variants.
    for family in chinese:
        if "mono" not in family.lower() and not QFontDatabase.isPrivateFamily(family):
            return family
    return None


def load_bundled_font() -> str | None:
    """Register the bundled font with Qt; its family name, or None when it cannot be loaded."""
    font_file = paths.resource(BUNDLED_FONT)
    if not font_file.is_file():
        log.warning("bundled font missing: %s", font_file)
        return None
    font_id = QFontDatabase.addApplicationFont(str(font_file))
    if font_id < 0:
        log.warning("bundled font could not be loaded: %s", font_file)
        return None
    families = QFontDatabase.applicationFontFamilies(font_id)
    return families[0] if families else None


def setup_fonts(app: QApplication) -> str | None:
    """Make a Chinese-capable family the application font; return the family used.

    Args:
        app: The running application.
    """
    family = system_cjk_family() or load_bundled_font()
    font = QFont(app.font())
    if family:
        font.setFamilies([family, *font.families()])
    font.setPointSizeF(POINT_SIZE)
    font.setHintingPreference(QFont.HintingPreference.PreferDefaultHinting)
    app.setFont(font)
    return family
