"""SqlTableModel over 100,000 units: ids only on reset, visible rows fetched, sort/filter in SQL."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QTableView

from safetydesk.domain.common import Unit, UnitType, Village
from safetydesk.domain.queries import ArchiveFilter, ListQuery
from safetydesk.services import Workspace
from safetydesk.ui.models import sql_table
from safetydesk.ui.models.sql_table import Column, IdRole, RecordRole, SqlTableModel

N = 100_000
#: Every tenth unit is on 东关街 (for the text filter).
EAST = N // 10


@pytest.fixture(scope="module")
def big_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database file with one village and 100,000 units (bulk insert)."""
    path = tmp_path_factory.mktemp("big") / "big.db"
    with Workspace.open(path) as ws:
        v = ws.villages.save(Village(name="润城村")).record
        with ws.db.atomic():
            ws.units.store.bulk_insert(
                Unit(
                    name=f"示例单位{i:06d}",
                    type=UnitType.NINE_SMALL if i % 3 == 0 else UnitType.OTHER,
                    subtype="小饭店" if i % 3 == 0 else "",
                    village_id=v.id,
                    address=("东关街" if i % 10 == 0 else "西街") + f"{i}号",
                    risk="ABCD"[i % 4],
                )
                for i in range(N)
            )
    return path


class SpyService:
    """Wraps a register service and records what the model asks for."""

    def __init__(self, service: object) -> None:
        self.service = service
        self.list_calls: list[ListQuery | None] = []
        self.get_many_calls: list[list[int]] = []

    def list_ids(self, query: ListQuery | None = None) -> list[int]:
        self.list_calls.append(query)
        return self.service.list_ids(query)  # type: ignore[attr-defined]

    def get_many(self, ids: list[int]) -> dict[int, Unit]:
        self.get_many_calls.append(list(ids))
        return self.service.get_many(ids)  # type: ignore[attr-defined]

    @property
    def fetched(self) -> int:
        return sum(len(c) for c in self.get_many_calls)


@pytest.fixture
def big_ws(big_db: Path) -> Workspace:
    ws = Workspace.open(big_db)
    yield ws
    ws.close()


@pytest.fixture
def spy(big_ws: Workspace) -> SpyService:
    return SpyService(big_ws.units)


COLUMNS: tuple[Column[Unit], ...] = (
    Column("name", "名称", lambda u: u.name, sort_key="name"),
    Column("type", "类型", lambda u: u.type.value, sort_key="type"),
    Column("address", "地址", lambda u: u.address),
    Column("risk", "风险等级", lambda u: u.risk, sort_key="risk", align="center"),
)


@pytest.fixture
def model(qapp: object, spy: SpyService) -> SqlTableModel[Unit]:  # noqa: ARG001
    return SqlTableModel(spy, COLUMNS)


def test_reset_takes_only_the_ids(model: SqlTableModel[Unit], spy: SpyService) -> None:
    assert model.rowCount() == N
    assert model.columnCount() == len(COLUMNS)
    assert model.rowCount(model.index(0, 0)) == 0  # flat table
    assert len(spy.list_calls) == 1
    assert spy.get_many_calls == []


def test_data_fetches_one_page_from_the_row(model: SqlTableModel[Unit], spy: SpyService) -> None:
    row = 50_123
    rec = model.record(row)
    assert isinstance(rec, Unit)
    assert len(spy.get_many_calls) == 1
    page = spy.get_many_calls[0]
    assert len(page) == sql_table.PAGE_SIZE
    above = sql_table.PAGE_SIZE // 5
    assert page == [model.id_at(r) for r in range(row - above, row - above + sql_table.PAGE_SIZE)]
    # The rows below (a screenful after a jump) come from the cache, and a few above.
    for r in range(row - above, row - above + sql_table.PAGE_SIZE):
        model.data(model.index(r, 0))
    assert len(spy.get_many_calls) == 1
    # Scrolling up past them fetches only rows not cached yet.
    model.data(model.index(row - above - 1, 0))
    assert len(spy.get_many_calls) == 2
    assert set(spy.get_many_calls[1]).isdisjoint(page)
    assert model.data(model.index(row, 0)) == rec.name
    assert model.data(model.index(row, 0), RecordRole) == rec
    assert model.data(model.index(row, 0), IdRole) == rec.id
    assert model.row_of_id(rec.id) == row
    assert model.row_of_id(-5) == -1
    assert model.record(N) is None
    assert model.data(QModelIndex()) is None


def test_cache_is_bounded(model: SqlTableModel[Unit], spy: SpyService) -> None:
    step = sql_table.PAGE_SIZE
    pages = sql_table.CACHE_SIZE // step + 2  # more pages than the cache holds
    for row in range(0, pages * step, step):
        model.record(row)
    assert len(spy.get_many_calls) == pages
    assert len(model._cache) <= sql_table.CACHE_SIZE
    # The oldest pages were evicted: asking for row 0 again fetches again.
    model.record(0)
    assert len(spy.get_many_calls) == pages + 1


def test_view_fetches_only_visible_rows(qtbot, model: SqlTableModel[Unit], spy: SpyService) -> None:
    view = QTableView()
    qtbot.addWidget(view)
    view.setModel(model)
    view.resize(800, 600)
    view.show()
    qtbot.waitExposed(view)
    qtbot.wait(20)
    assert 0 < spy.fetched <= 2 * sql_table.PAGE_SIZE
    before = len(spy.get_many_calls)
    view.scrollToBottom()
    qtbot.wait(20)
    new_calls = spy.get_many_calls[before:]
    assert new_calls, "rows at the bottom were fetched"
    fetched_rows = {model.row_of_id(i) for call in new_calls for i in call}
    assert min(fetched_rows) >= N - 2 * sql_table.PAGE_SIZE
    assert spy.fetched <= 4 * sql_table.PAGE_SIZE


def test_sort_asks_sql(model: SqlTableModel[Unit], spy: SpyService, big_ws: Workspace) -> None:
    model.record(0)
    spy.get_many_calls.clear()
    model.sort(0, Qt.SortOrder.DescendingOrder)
    assert model.query.order_by == "name"
    assert model.query.descending is True
    assert spy.list_calls[-1] == ListQuery(order_by="name", descending=True)
    assert spy.get_many_calls == []  # sorting loads no records
    assert model.record(0).name == f"示例单位{N - 1:06d}"
    expected = big_ws.units.list_ids(ListQuery(order_by="risk"))[:3]
    model.sort(3, Qt.SortOrder.AscendingOrder)
    assert [model.id_at(r) for r in range(3)] == expected
    assert model.record(0).risk == "A"


def test_unsortable_column_is_ignored_and_minus_one_restores_default(
    model: SqlTableModel[Unit], spy: SpyService
) -> None:
    model.sort(0, Qt.SortOrder.DescendingOrder)
    calls = len(spy.list_calls)
    model.sort(2, Qt.SortOrder.AscendingOrder)  # 地址 has no sort key
    assert len(spy.list_calls) == calls
    assert model.query.order_by == "name"
    assert not model.is_sortable(2)
    model.sort(-1)
    assert model.query.order_by == "default"
    assert model.record(0).name == "示例单位000000"


def test_sort_keeps_persistent_selection(qtbot, model: SqlTableModel[Unit]) -> None:
    view = QTableView()
    qtbot.addWidget(view)
    view.setModel(model)
    view.selectRow(5)
    rec_id = model.id_at(5)
    model.sort(0, Qt.SortOrder.DescendingOrder)
    assert view.currentIndex().row() == model.row_of_id(rec_id) == N - 6


def test_text_filter_in_sql(model: SqlTableModel[Unit], spy: SpyService) -> None:
    model.set_query(ListQuery(text="东关"))
    assert model.rowCount() == EAST
    assert "东关" in model.record(0).address
    assert spy.get_many_calls and spy.fetched <= sql_table.PAGE_SIZE
    model.set_query(ListQuery(text="东关", risk="A"))  # combined with a column filter
    assert model.rowCount() == sum(1 for i in range(0, N, 10) if i % 4 == 0)
    model.set_query(ListQuery(text="没有这个词"))
    assert model.rowCount() == 0
    model.set_query(ListQuery(archive=ArchiveFilter.ARCHIVED))
    assert model.rowCount() == 0


def test_headers_flags_and_roles(model: SqlTableModel[Unit]) -> None:
    assert model.headerData(0, Qt.Orientation.Horizontal) == "名称"
    assert model.headerData(0, Qt.Orientation.Vertical) is None
    assert model.headerData(2, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole) == (
        "此列不能排序"
    )
    idx = model.index(0, 3)
    assert not model.flags(idx) & Qt.ItemFlag.ItemIsEditable
    assert model.data(idx, Qt.ItemDataRole.TextAlignmentRole) & Qt.AlignmentFlag.AlignHCenter


def test_refresh_after_change(qtbot, ws: Workspace, village: Village) -> None:
    for i in range(5):
        ws.units.save(Unit(name=f"单位{i}", village_id=village.id))
    spy = SpyService(ws.units)
    model = SqlTableModel(spy, COLUMNS)
    assert model.rowCount() == 5
    first = model.record(0)
    saved = ws.units.save(Unit(name=first.name, village_id=village.id, id=first.id,
                               address="新地址"))  # fmt: skip
    with qtbot.waitSignal(model.dataChanged):
        assert model.refresh([saved.record.id]) is False  # same rows: no reset
    assert model.record(0).address == "新地址"
    ws.units.save(Unit(name="单位0a", village_id=village.id))
    with qtbot.waitSignal(model.modelReset):
        assert model.refresh() is True
    assert model.rowCount() == 6
    assert model.record(1).name == "单位0a"
