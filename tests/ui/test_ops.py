"""The Op builder: worker thread with its own Workspace, success, failure, bugs, cancel."""

from __future__ import annotations

import sys
import threading
import time
from typing import Any

import pytest
from PySide6.QtWidgets import QPushButton, QWidget

from safetydesk.domain.common import Village
from safetydesk.errors import Cancelled, ConflictError, SafetyDeskError
from safetydesk.services import Workspace
from safetydesk.services.changes import Topic
from safetydesk.ui import messages, ops
from safetydesk.ui.bus import AppBus
from safetydesk.ui.context import AppContext
from safetydesk.ui.ops import Op, Progress

TIMEOUT = 10_000


@pytest.fixture(autouse=True)
def _idle_worker() -> Any:
    """No op outlives its test."""
    yield
    ops.shutdown()


def run_and_wait(qtbot: Any, op: Op[Any]) -> Op[Any]:
    with qtbot.waitSignal(op.finished, timeout=TIMEOUT):
        op.run()
    return op


def test_success_runs_on_worker_with_own_workspace(qtbot: Any, ctx: AppContext) -> None:
    seen: dict[str, Any] = {}

    def work(ws: Workspace, progress: Progress) -> int:
        seen["thread"] = threading.get_ident()
        seen["ws"] = ws
        progress(1, 1)
        return ws.settings.township().name

    results: list[Any] = []
    op = run_and_wait(qtbot, Op(None, work, ctx=ctx).on_success(results.append))
    assert results == ["润城镇"]
    assert op.result == "润城镇"
    assert op.error is None
    assert seen["thread"] != threading.get_ident()
    assert seen["ws"] is not ctx.workspace
    assert seen["ws"].path == ctx.workspace.path


def test_write_on_worker_is_seen_by_ui_workspace_and_bus(qtbot: Any, ctx: AppContext) -> None:
    def work(ws: Workspace, _p: Progress) -> Any:
        return ws.villages.save(Village(name="后台村")).changes

    announced: list[Any] = []
    ctx.bus.changed.connect(announced.append)
    run_and_wait(qtbot, Op(None, work, ctx=ctx).on_success(ctx.bus.changed.emit))
    assert announced and announced[0].touches(Topic.VILLAGES)
    assert [v.name for v in ctx.workspace.villages.list()] == ["后台村"]


def test_progress_dialog_is_closed_at_the_end(qtbot: Any, ctx: AppContext) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)

    def work(_ws: Workspace, progress: Progress) -> str:
        for i in range(5):
            progress(i, 5)
            time.sleep(0.02)
        progress.set_text("快好了")
        progress(5, 5)
        return "ok"

    op = Op(parent, work, ctx=ctx).with_progress("正在处理…", cancellable=True)
    assert op._dialog is None
    run_and_wait(qtbot, op)
    assert op.result == "ok"
    assert op._dialog is None


def test_known_error_goes_to_on_failure(qtbot: Any, ctx: AppContext) -> None:
    def work(_ws: Workspace, _p: Progress) -> None:
        raise ConflictError("不能这样做。")

    failures: list[SafetyDeskError] = []
    successes: list[Any] = []
    op = Op(None, work, ctx=ctx).on_success(successes.append).on_failure(failures.append)
    run_and_wait(qtbot, op)
    assert successes == []
    assert len(failures) == 1 and str(failures[0]) == "不能这样做。"
    assert isinstance(op.error, ConflictError)


def test_known_error_default_is_a_message_box(
    qtbot: Any, ctx: AppContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown: list[str] = []
    monkeypatch.setattr(messages, "show_warning", lambda _p, text, **_kw: shown.append(text))

    def work(_ws: Workspace, _p: Progress) -> None:
        raise ConflictError("「润城村」还有单位场所，不能归档。")

    run_and_wait(qtbot, Op(None, work, ctx=ctx))
    assert shown == ["「润城村」还有单位场所，不能归档。"]


def test_bug_goes_to_excepthook(
    qtbot: Any, ctx: AppContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    hooked: list[tuple[type, BaseException]] = []
    monkeypatch.setattr(sys, "excepthook", lambda t, e, _tb: hooked.append((t, e)))
    failures: list[Any] = []

    def work(_ws: Workspace, _p: Progress) -> None:
        raise ValueError("bug")

    op = run_and_wait(qtbot, Op(None, work, ctx=ctx).on_failure(failures.append))
    assert failures == []
    assert len(hooked) == 1 and hooked[0][0] is ValueError
    assert isinstance(op.error, ValueError)


def test_cancel_from_the_progress_dialog_rolls_back(qtbot: Any, ctx: AppContext) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    started = threading.Event()

    def work(ws: Workspace, progress: Progress) -> None:
        with ws.db.atomic():
            ws.villages.save(Village(name="不该留下的村"))
            started.set()
            for i in range(1000):
                progress(i, 1000)
                time.sleep(0.01)

    failures: list[SafetyDeskError] = []
    op = Op(parent, work, ctx=ctx).with_progress("正在导入…", cancellable=True)
    op.on_failure(failures.append)
    with qtbot.waitSignal(op.finished, timeout=TIMEOUT):
        op.run()
        assert started.wait(5)
        op._dialog.findChild(QPushButton).click()  # the user presses 取消
    assert op.cancelled
    assert len(failures) == 1 and isinstance(failures[0], Cancelled)
    assert "未写入任何数据" in str(failures[0])
    assert ctx.workspace.villages.count() == 0


def test_cancel_default_message(
    qtbot: Any, ctx: AppContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown: list[str] = []
    monkeypatch.setattr(messages, "show_info", lambda _p, text, **_kw: shown.append(text))

    def work(_ws: Workspace, progress: Progress) -> None:
        while True:
            progress(0, 0)
            time.sleep(0.01)

    op = Op(None, work, ctx=ctx)
    with qtbot.waitSignal(op.finished, timeout=TIMEOUT):
        op.run()
        op.cancel()
    assert shown == ["操作已取消，未写入任何数据。"]


def test_ops_run_one_after_another(qtbot: Any, ctx: AppContext) -> None:
    order: list[str] = []

    def slow(_ws: Workspace, _p: Progress) -> None:
        order.append("slow start")
        time.sleep(0.1)
        order.append("slow end")

    def fast(_ws: Workspace, _p: Progress) -> None:
        order.append("fast")

    first = Op(None, slow, ctx=ctx)
    second = Op(None, fast, ctx=ctx)
    with qtbot.waitSignals([first.finished, second.finished], timeout=TIMEOUT):
        first.run()
        second.run()
    assert order == ["slow start", "slow end", "fast"]
    ops.wait_idle()


def test_context_is_found_on_the_parent(qtbot: Any, ctx: AppContext) -> None:
    page = QWidget()
    qtbot.addWidget(page)
    page.ctx = ctx  # type: ignore[attr-defined]
    child = QWidget(page)
    op = run_and_wait(qtbot, Op(child, lambda ws, _p: ws.villages.count()))
    assert op.result == 0
    with pytest.raises(RuntimeError):
        Op(QWidget(), lambda ws, _p: None)


def test_in_memory_workspace_is_refused(qapp: Any) -> None:  # noqa: ARG001
    ws = Workspace.open(":memory:")
    try:
        ctx = AppContext(workspace=ws, bus=AppBus())
        with pytest.raises(RuntimeError):
            Op(None, lambda _ws, _p: None, ctx=ctx).run()
    finally:
        ws.close()
