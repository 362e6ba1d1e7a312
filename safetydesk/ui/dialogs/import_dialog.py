"""Excel import (choose file → check in the background → preview → commit) and Excel export.

Import: :func:`run_import` asks for a file and runs ``ws.imports.plan(kind, path, progress=…)``
(``ws.hazard_imports.plan(path, …)`` for kind "hazards", an old 隐患台账)
through an :class:`~safetydesk.ui.ops.Op` with a cancellable progress dialog, then shows
:class:`ImportDialog` (laid out by ``import_dialog_view.py``): the file's header mapping, ignored
headers, a preview of the first rows as they will be stored and, when the file has problems, the
list of problems (行号, 列, 问题及修改方法) with a 复制问题清单 button and the commit button disabled — nothing is written. A clean plan is
committed with ``ws.imports.commit(plan)`` in the background and its Changes go on the bus. A
hazard ledger naming units or villages that are not registered lists them, and is committed only
when the user ticks “创建台账中缺少的单位场所和村(社区)” (``create_missing=True``); a 单位场所 file
naming villages that are not registered lists them, and ticking “创建表中缺少的村(社区)” turns its
problems into rows whose villages the commit creates (``ImportPlan.with_create``). A village's
通讯录, 包保 list or household list (kinds "contacts", "baobao", "households", read by
:class:`~safetydesk.services.imports.plan_lists.PlanListImportService`, optionally for one
``village``) naming people not in the register lists them, and is committed only when the user
ticks “创建表中缺少的人员”.

Export: :func:`run_export` writes the page's current list (same filter and order) with
``ws.exports.export_list(kind, path, query, progress=…)`` to a file chosen with a save dialog,
defaulting to ``exports/<乡镇>_<名录>_<日期>.xlsx`` next to the database.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Literal

from PySide6.QtCore import QStandardPaths, Qt, QUrl
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import QFileDialog, QWidget

from safetydesk import paths
from safetydesk.domain.queries import ListQuery
from safetydesk.errors import Cancelled, ImportRefused, SafetyDeskError
from safetydesk.labels import UNIT_FIELDS, VILLAGE_FIELDS
from safetydesk.oserrors import os_error_message
from safetydesk.services.imports.hazard_rows import LEDGER_FIELDS
from safetydesk.services.imports.plan_list_values import LIST_KINDS, labels
from safetydesk.ui import messages
from safetydesk.ui.dialogs.import_dialog_view import (
    CREATE_MISSING_TEXT,
    CREATE_PEOPLE_TEXT,
    ImportDialogView,
    item,
    missing_text,
    people_text,
    problems_text,
)
from safetydesk.ui.ops import Op, Progress

if TYPE_CHECKING:
    from safetydesk.services import Workspace
    from safetydesk.services.changes import Changes
    from safetydesk.services.exports import ExportKind
    from safetydesk.services.imports.hazard_plan import HazardImportPlan
    from safetydesk.services.imports.plan_lists import PlanListImport
    from safetydesk.services.imports.registers import ImportKind, ImportPlan
    from safetydesk.services.imports.sheets import Problem
    from safetydesk.ui.context import AppContext

    #: What 导入 reads: a register (``ws.imports``) or an old 隐患台账 (``ws.hazard_imports``).
    ImportableKind = ImportKind | Literal["hazards", "contacts", "baobao", "households"]
    #: A checked import, ready to preview and commit.
    Plan = ImportPlan | HazardImportPlan | PlanListImport

#: What each kind's records are called.
NOUNS: dict[str, str] = {"villages": "村(社区)", "units": "单位场所", "people": "人员", "hazards": "隐患",
                         "contacts": "通讯录条目", "baobao": "包保关系", "households": "住户"}  # fmt: skip
#: Field labels per importable kind (for the header mapping).
_LABELS: dict[str, dict[str, str]] = {
    "villages": VILLAGE_FIELDS, "units": UNIT_FIELDS, "hazards": LEDGER_FIELDS,
    **{kind: labels(kind) for kind in LIST_KINDS},
}
#: File filter of the open dialog.
OPEN_FILTER = "Excel 工作簿 (*.xlsx *.xlsm);;所有文件 (*)"
#: File filter of the save dialog.
SAVE_FILTER = "Excel 工作簿 (*.xlsx)"
#: Rows shown in the preview table.
PREVIEW_ROWS = 50
#: Names of unregistered units/villages listed in the dialog (the rest are counted).
MAX_MISSING_NAMES = 30

#: What is missing, by the text of the box that creates it.
_WHAT_MISSING = {CREATE_MISSING_TEXT: "台账中有尚未登记的单位场所或村(社区)",
                 CREATE_PEOPLE_TEXT: "表中有不在人员名录中的人员"}  # fmt: skip

_OK_STYLE = "color: #1b5e20; background: #e8f5e9; padding: 8px; border-radius: 3px;"
_BAD_STYLE = "color: #b3261e; background: #fdecea; padding: 8px; border-radius: 3px;"
_WARN_STYLE = "color: #7a4f01; background: #fff4e5; padding: 8px; border-radius: 3px;"


# -- import --------------------------------------------------------------------------------------
def run_import(
    ctx: AppContext, kind: ImportableKind, parent: QWidget | None, village: str | None = None
) -> Op[Plan] | None:
    """Ask for a file and check it in the background; the preview dialog opens when done.

    ``village``: the 村(社区) a 通讯录/包保/household list belongs to (else a column names it).
    """
    start = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    name, _ = QFileDialog.getOpenFileName(
        parent, f"选择要导入的{NOUNS[kind]}表格", start, OPEN_FILTER
    )
    if not name:
        return None
    return start_plan(ctx, kind, Path(name), parent, village)


def start_plan(
    ctx: AppContext,
    kind: ImportableKind,
    path: Path,
    parent: QWidget | None,
    village: str | None = None,
) -> Op[Plan]:
    """Run ``ws.imports.plan`` in the background and show :class:`ImportDialog` with the result."""

    def work(ws: Workspace, progress: Progress) -> Plan:
        if kind == "hazards":
            return ws.hazard_imports.plan(path, progress=progress)
        if kind == "villages" or kind == "units":
            return ws.imports.plan(kind, path, progress=progress)
        from safetydesk.services.imports.plan_lists import PlanListImportService

        return PlanListImportService(ws).plan(kind, path, village=village, progress=progress)

    def show(plan: Plan) -> None:
        dlg = ImportDialog(ctx, plan, parent)
        dlg.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dlg.open()

    return (
        Op(parent, work, ctx=ctx)
        .with_progress(f"正在读取并检查「{path.name}」…", cancellable=True)
        .on_success(show)
        .on_failure(lambda exc: _plan_failed(parent, exc))
        .run()
    )


def _plan_failed(parent: QWidget | None, exc: SafetyDeskError) -> None:
    if isinstance(exc, Cancelled):
        return  # the user pressed 取消: nothing was read into the database, nothing to say
    messages.show_warning(parent, f"{exc}\n\n未写入任何数据。", title="无法导入")


class ImportDialog(ImportDialogView):
    """Preview of an import plan; commits it when it has no problems.

    Args:
        ctx: The AppContext.
        plan: An ``ImportPlan`` from ``ws.imports.plan`` or a ``HazardImportPlan`` from
            ``ws.hazard_imports.plan``.
        parent: Parent widget.

    Attributes:
        changes: The Changes of the commit, once done.
    """

    def __init__(self, ctx: AppContext, plan: Plan, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.plan = plan
        self.changes: Changes | None = None
        self.commit_op: Op[Changes] | None = None
        self.problems: list[Problem] = []
        self.noun = NOUNS.get(plan.kind, "记录")
        self.setWindowTitle(f"导入{self.noun} — {Path(plan.path).name}")
        self.copy_button.clicked.connect(self.copy_problems)
        self.buttons.accepted.connect(self.commit)
        self.buttons.rejected.connect(self.reject)
        self.create_missing_check.toggled.connect(self._create_toggled)
        self._fill()

    # -- display -------------------------------------------------------------------------------
    def _fill(self) -> None:
        plan = self.plan
        n = len(plan.records)
        summary = f"文件：{Path(plan.path).name}"
        if plan.sheet:
            summary += f"　工作表：「{plan.sheet}」"
        if plan.header_row:
            summary += f"　表头在第 {plan.header_row} 行"
        bad_rows = len({p.row for p in plan.problems if p.row})
        if bad_rows:
            summary += f"\n没有问题的 {n} 行，有问题的 {bad_rows} 行"
        else:
            summary += f"\n读到 {n} 条{self.noun}"
        if plan.skipped_rows:
            summary += f"，跳过 {len(plan.skipped_rows)} 行（空行、合计行或重复的表头）"
        self.summary_label.setText(summary + "。")
        labels = _LABELS.get(plan.kind, {})
        if plan.mapping:
            parts = [f"{labels.get(f, f)} ← 「{h}」" for f, h in plan.mapping.items()]
            self.mapping_label.setText("对应的列：" + "；".join(parts))
        else:
            self.mapping_label.setText("没有识别出任何列。")
        self.ignored_label.setText(
            "未使用的列（不会导入）：" + "、".join(f"「{h}」" for h in plan.ignored_headers)
            if plan.ignored_headers else ""
        )  # fmt: skip
        self.ignored_label.setVisible(bool(plan.ignored_headers))
        self._fill_preview()
        self._fill_missing()
        from safetydesk.services.imports.registers import ImportPlan

        # A 单位场所 file naming villages not registered: the summary says how to create them.
        summary = ""
        if isinstance(plan, ImportPlan) and plan.missing_villages and plan.problems:
            summary = str(plan.refused())
        self.show_problems(list(plan.problems), summary)

    def _fill_missing(self) -> None:
        """List the units and villages the file names that are not registered."""
        villages = list(getattr(self.plan, "missing_villages", []))
        units = dict(getattr(self.plan, "missing_units", {}))
        people = list(getattr(self.plan, "missing_people", []))
        if not (villages or units or people):
            return
        if people:
            text, box = people_text(people, limit=MAX_MISSING_NAMES)
        else:
            text, box = missing_text(villages, units, ledger=self.plan.kind == "hazards",
                                     limit=MAX_MISSING_NAMES)  # fmt: skip
        self.missing_label.setText(text)
        self.create_missing_check.setText(box)
        self.missing_label.show()
        self.create_missing_check.show()

    def _create_toggled(self, on: bool) -> None:
        """The consent box changed: a 单位场所 plan switches its rows with new villages."""
        from safetydesk.services.imports.registers import ImportPlan

        if isinstance(self.plan, ImportPlan):
            self.plan = self.plan.with_create(on)
            self._fill()
        else:
            self.show_problems(self.problems)

    @property
    def _needs_consent(self) -> bool:
        """A hazard ledger names unknown units/villages and the box is not ticked."""
        return bool(getattr(self.plan, "needs_create", False)) and not (
            self.create_missing_check.isChecked()
        )

    def _fill_preview(self) -> None:
        rows = self.plan.preview(limit=PREVIEW_ROWS) if self.plan.records else []
        t = self.preview_table
        t.clear()
        headers = list(rows[0]) if rows else []
        t.setColumnCount(len(headers))
        t.setRowCount(len(rows))
        t.setHorizontalHeaderLabels(headers)
        for r, line in enumerate(rows):
            for c, key in enumerate(headers):
                t.setItem(r, c, item(line.get(key, ""), align_right=key == "行号"))
        t.resizeColumnsToContents()
        for c in range(t.columnCount()):
            t.setColumnWidth(c, min(t.columnWidth(c) + 8, 260))

    def show_problems(self, problems: list[Problem], message: str = "") -> None:
        """Show ``problems`` (or the ready state when empty) and enable/disable 导入."""
        self.problems = problems
        self.tabs.clear()
        n = len(self.plan.records)
        if problems:
            text = message or (
                f"发现 {len(problems)} 处问题，未写入任何数据。"
                "请按“问题及修改方法”在 Excel 中改好后，重新导入整个文件。"
            )
            self.status_label.setText(text)
            self.status_label.setStyleSheet(_BAD_STYLE)
            self.fill_problems(problems)
            self.tabs.addTab(self.problems_table, f"问题清单（{len(problems)}）")
            if n:
                self.tabs.addTab(self.preview_table, "预览")
            self.commit_button.setText("导入")
            self.commit_button.setEnabled(False)
            self.commit_button.setToolTip("请先修改表格中的问题")
            self.copy_button.setVisible(True)
            self.close_button.setText("关闭")
        else:
            self.status_label.setText(
                f"检查通过：可以导入 {n} 条{self.noun}。请先看一下预览是否正确，"
                f"然后点击“导入 {n} 条”。"
            )
            self.status_label.setStyleSheet(_OK_STYLE)
            shown = min(n, PREVIEW_ROWS)
            self.tabs.addTab(self.preview_table, f"预览（前 {shown} 条）" if n > shown else "预览")
            self.commit_button.setText(f"导入 {n} 条")
            self.commit_button.setEnabled(n > 0 and not self._needs_consent)
            self.commit_button.setToolTip("")
            self.copy_button.setVisible(False)
            self.close_button.setText("取消")
            self.commit_button.setDefault(True)
            if self._needs_consent:
                box = self.create_missing_check.text()
                self.status_label.setText(
                    f"检查通过，但{_WHAT_MISSING.get(box, '表中有尚未登记的记录')}（见下方）。"
                    f"勾选“{box}”后即可导入 {n} 条{self.noun}。"
                )
                self.status_label.setStyleSheet(_WARN_STYLE)
                self.commit_button.setToolTip(f"请先勾选“{box}”")
        warnings = list(getattr(self.plan, "warnings", []))
        if warnings:
            self.fill_problems(warnings, self.warnings_table)
            self.tabs.addTab(self.warnings_table, f"提示（{len(warnings)}）")

    def copy_problems(self) -> None:
        """Put the whole problem list on the clipboard (tab-separated, pastes into Excel)."""
        QGuiApplication.clipboard().setText(problems_text(self.problems))
        self.copy_button.setText("已复制")

    # -- commit --------------------------------------------------------------------------------
    def commit(self) -> Op[Changes] | None:
        """Write the plan in the background (all or nothing)."""
        from safetydesk.services.imports.hazard_plan import HazardImportPlan
        from safetydesk.services.imports.plan_lists import PlanListImport, PlanListImportService

        if self.problems or not self.plan.records or self._needs_consent:
            return None
        plan = self.plan
        create = self.create_missing_check.isChecked()
        self.commit_button.setEnabled(False)
        self.close_button.setEnabled(False)

        def work(ws: Workspace, progress: Progress) -> Changes:
            if isinstance(plan, PlanListImport):
                service = PlanListImportService(ws)
                return service.commit(plan, progress=progress, create_missing=create)
            if isinstance(plan, HazardImportPlan):
                return ws.hazard_imports.commit(plan, progress=progress, create_missing=create)
            return ws.imports.commit(plan, progress=progress)

        self.commit_op = (
            Op(self, work, ctx=self.ctx)
            .with_progress(f"正在导入 {len(plan.records)} 条{self.noun}…", cancellable=True)
            .on_success(self._on_committed)
            .on_failure(self._on_commit_failed)
            .run()
        )
        return self.commit_op

    def _on_committed(self, changes: Changes) -> None:
        self.changes = changes
        self.ctx.bus.changed.emit(changes)
        self.accept()
        n = len(self.plan.records)
        text = f"已导入 {n} 条{self.noun}"
        if self.create_missing_check.isChecked():
            villages = len(getattr(self.plan, "missing_villages", []))
            units = len(getattr(self.plan, "missing_units", {}))
            people = len(getattr(self.plan, "missing_people", []))
            made = [f"{units} 个单位场所"] if units else []
            made += [f"{people} 位人员"] if people else []
            made += [f"{villages} 个村(社区)"] if villages else []
            text += f"，并新建了 {'、'.join(made)}" if made else ""
        messages.show_info(self.parentWidget(), text + "。", title="导入完成")

    def _on_commit_failed(self, exc: SafetyDeskError) -> None:
        self.close_button.setEnabled(True)
        if isinstance(exc, ImportRefused):
            self.show_problems(list(exc.problems), f"{exc}")
        elif isinstance(exc, Cancelled):
            self.commit_button.setEnabled(True)
            self.status_label.setText("导入已取消，未写入任何数据。可以再次点击导入。")
            self.status_label.setStyleSheet(_BAD_STYLE)
        else:
            self.commit_button.setEnabled(True)
            messages.show_warning(self, f"{exc}\n\n未写入任何数据。", title="导入未完成")


# -- export --------------------------------------------------------------------------------------
def default_export_path(ctx: AppContext, kind: ExportKind) -> Path:
    """``exports/<乡镇>_<名录>_<YYYYMMDD>.xlsx`` next to the database."""
    ws = ctx.workspace
    folder = paths.exports_dir(ws.path) if ws.path is not None else Path.home()
    return folder / ws.exports.suggested_name(kind)


def run_export(
    ctx: AppContext, kind: ExportKind, query: ListQuery, parent: QWidget | None
) -> Op[Path] | None:
    """Ask where to save, then export the list ``query`` selects in the background."""
    default = default_export_path(ctx, kind)
    try:
        default.parent.mkdir(parents=True, exist_ok=True)
    except OSError:
        default = Path.home() / default.name
    name, _ = QFileDialog.getSaveFileName(
        parent, f"导出{NOUNS[kind]}名录", str(default), SAVE_FILTER
    )
    if not name:
        return None
    return start_export(ctx, kind, query, Path(name), parent)


def start_export(
    ctx: AppContext, kind: ExportKind, query: ListQuery, path: Path, parent: QWidget | None
) -> Op[Path]:
    """Export in the background to ``path``; tells the user where the file is when done."""
    if path.suffix.lower() != ".xlsx":
        path = path.with_name(path.name + ".xlsx")

    def work(ws: Workspace, progress: Progress) -> Path:
        try:
            return Path(ws.exports.export_list(kind, path, query, progress=progress))
        except OSError as exc:
            raise SafetyDeskError(
                os_error_message(exc, path, action="写入")
                + "\n如果这个文件正在 Excel 或 WPS 中打开，请先关闭它；也可以换一个文件名或文件夹再导出。"
            ) from exc

    def done(written: Path) -> None:
        if messages.confirm(
            parent,
            f"已导出到：\n{written}",
            title="导出完成",
            ok_text="打开所在文件夹",
            cancel_text="关闭",
        ):
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(written.parent)))

    return (
        Op(parent, work, ctx=ctx)
        .with_progress(f"正在导出{NOUNS[kind]}名录…", cancellable=True)
        .on_success(done)
        .on_failure(lambda exc: None if isinstance(exc, Cancelled)
                    else messages.show_warning(parent, str(exc), title="导出未完成"))
        .run()
    )  # fmt: skip
