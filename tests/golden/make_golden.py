"""Make the golden databases: one small SafetyDesk database with data per released schema version.

``tests/golden/schema_mNNN.db`` is the database a township office would have after working with
the release whose newest migration is ``mNNN``: its schema is exactly the one migrations
m001…mNNN build (nothing later), and it holds a few realistic records of every table that exists
at that version. ``tests/storage/test_golden_upgrades.py`` copies each one and upgrades the copy
to the current head, checking that the schema ends up as ``tests/storage/schema.sql`` and that
every record survives.

How a golden is made:

* The schema comes from the app's own migration set, applied only up to ``mNNN``
  (``migrations.apply(db, stop_before=<the next one>)``). Migrations are append-only and never
  edited, so this rebuilds version NNN exactly, and ``_sqlite_migrations`` is written by
  sqlite-utils itself, as a real build writes it. Only the ``applied_at`` times are then set to
  fixed values (same text format) so that the output does not depend on when the script runs.
* The records are written with plain SQL from the constants below, in the formats that version
  stored (JSON settings values, event details, inspectors and checklist results; UTC ISO
  ``created_at``/``updated_at``). The full-text tables are filled the way the stores fill them:
  the indexed fields joined with a space around every CJK character, rowid = record id. This
  script deliberately does not use the services or stores: later changes to them must not
  change the goldens (a real old database does not change either).
* The file is left in rollback-journal mode (``journal_mode=DELETE``, no ``-wal`` file). It is
  not vacuumed: VACUUM rewrites ``sqlite_master`` tables-first, so ``db.schema`` would list the
  statements in another order than any real database (the app never vacuums) and than
  ``tests/storage/schema.sql``. A new file that only grew has next to nothing to reclaim.
* ``manifest.json`` lists, per golden, its migrations and their ``applied_at``, the row count
  of every table written, (table, key, column, value) checks of the main columns of every row
  and of every search text, and text searches with the records they must find. The upgrade
  test reads its expectations from there.

Run it in the project's environment; with the same SQLite every run writes the same bytes::

    python tests/golden/make_golden.py            # every version in RELEASES
    python tests/golden/make_golden.py m007 m008  # only these

Adding a migration ``mNNN``: every migration adds the golden of the schema before it, so the
golden of the current head must be committed (the upgrade test requires one for every migration
but the newest). Goldens of released versions are kept as they are; when ``mNNN`` is released,
add it to :data:`RELEASES`, write records for the tables it adds in :func:`write_records`
(guarded by ``w.has(...)``) and run ``python tests/golden/make_golden.py mNNN``.
"""

from __future__ import annotations

import json
import os
import sqlite3
import sys
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

# Run as a script: this folder is on sys.path, so its helper modules import by name.
from golden_drills import DRILLS_CHECKED, write_drills
from golden_plan_parts import PARTS_CHECKED, write_plan_parts
from sqlite_utils import Database

from safetydesk.storage.migrations import KNOWN_MIGRATIONS, migrations

HERE = Path(__file__).resolve().parent
MANIFEST = HERE / "manifest.json"

#: Released schema versions (newest migration of a release) → the day its golden was made on.
RELEASES: dict[str, str] = {
    "m001_initial": "2026-11-23",
    "m002_add_count_indexes": "2026-11-23",
    "m003_add_documents": "2026-11-23",
    "m004_add_hazards": "2026-11-23",
    "m005_add_photos_refs_holidays": "2026-12-01",
    "m006_add_inspections": "2026-12-01",
    "m007_add_inspection_photos": "2026-12-01",
    "m008_add_text_search_indexes": "2026-12-01",
    "m009_link_documents": "2026-12-03",
    "m010_major_hazard_rules": "2026-12-03",
    "m011_add_plans": "2026-12-03",
    "m012_add_plan_parts": "2026-12-03",
    "m013_add_drills": "2026-12-03",
}

# -- search text, as storage/search.py:fts_text wrote it ----------------------------------------
_CJK_RANGES = ((0x2E80, 0x9FFF), (0xF900, 0xFAFF), (0xFF00, 0xFFEF))


def fts_text(*parts: str | None) -> str:
    """The parts joined by spaces, with a space before and after every CJK character."""
    text = " ".join(p for p in parts if p)
    return "".join(
        f" {c} " if any(lo <= ord(c) <= hi for lo, hi in _CJK_RANGES) else c for c in text
    )


def dumps(value: Any) -> str:
    """JSON as the services stored it (settings values, hazard event details)."""
    return json.dumps(value, ensure_ascii=False)


def dumps_compact(value: Any) -> str:
    """JSON as the inspection stores stored it (inspectors, results, template items, draws)."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


# -- the records ---------------------------------------------------------------------------------
TOWNSHIP = {
    "township_name": "润城镇",
    "county": "阳城县",
    "short_name": "润",
    "office_name": "",
    "office_phone": "",
}

VILLAGES = (
    {"id": 1, "name": "润城村", "kind": "村", "region_code": "140522102200", "group_count": 8,
     "households": 1260, "population": 3980, "secretary": "王建国",
     "secretary_phone": "13800001001", "director": "李秀英", "director_phone": "13800001002",
     "grid_worker": "赵永刚", "grid_worker_phone": "13800001003", "notes": "镇政府驻地",
     "sort_order": 0},
    {"id": 2, "name": "上伏村", "kind": "村", "region_code": "140522102221", "group_count": 5,
     "households": 640, "population": 2110, "secretary": "张志强",
     "secretary_phone": "13800001011", "director": "刘桂兰", "director_phone": "13800001012",
     "grid_worker": "杨海涛", "grid_worker_phone": "13800001013", "notes": "",
     "sort_order": 0},
    {"id": 3, "name": "洎水新城社区", "kind": "社区", "region_code": "140522102001",
     "group_count": None, "households": 1830, "population": 5200, "secretary": "孙丽萍",
     "secretary_phone": "13800001021", "director": "孙丽萍", "director_phone": "13800001021",
     "grid_worker": "吴晓明", "grid_worker_phone": "13800001023", "notes": "",
     "sort_order": 0},
)  # fmt: skip

UNITS = (
    {"id": 1, "name": "润城示例铸造有限公司", "type": "工贸企业", "subtype": "", "village_id": 1,
     "address": "润城村东街18号", "uscc": "91140522MA0K3A1B2B", "legal_rep": "刘海涛",
     "contact": "刘海涛", "contact_phone": "13800002001", "scale": "规上", "risk": "B",
     "department": "县工信局", "notes": "涉粉尘作业"},
    {"id": 2, "name": "上伏村示例农家饭店", "type": "九小场所", "subtype": "小饭店",
     "village_id": 2, "address": "上伏村商业街6号", "uscc": "92140522MA0K4C3D42",
     "legal_rep": "张丽娟", "contact": "张丽娟", "contact_phone": "13800002002", "scale": None,
     "risk": "C", "department": "", "notes": "使用瓶装液化气"},
    {"id": 3, "name": "洎水新城示例超市", "type": "人员密集场所", "subtype": "", "village_id": 3,
     "address": "洎水新城社区商业楼1层", "uscc": "91140522MA0K5E5F6Y", "legal_rep": "杨振华",
     "contact": "孙春燕", "contact_phone": "13800002003", "scale": "规下", "risk": "C",
     "department": "", "notes": ""},
    {"id": 4, "name": "上伏村示例加油站", "type": "危险化学品", "subtype": "", "village_id": 2,
     "address": "上伏村省道旁", "uscc": "91140522MA0K6G7H8Q", "legal_rep": "周国庆",
     "contact": "周国庆", "contact_phone": "13800002004", "scale": "规下", "risk": "A",
     "department": "县应急管理局", "notes": ""},
)  # fmt: skip

PEOPLE = (
    {"id": 1, "name": "陈卫东", "role": "检查人员", "organisation": "润城镇应急管理办公室",
     "village_id": None, "mobile": "13800003001", "phone": "", "cert_no": "14052226001",
     "notes": "持行政执法证"},
    {"id": 2, "name": "李明", "role": "镇干部", "organisation": "润城镇人民政府",
     "village_id": None, "mobile": "13800003002", "phone": "", "cert_no": "", "notes": ""},
    {"id": 3, "name": "赵永刚", "role": "网格员", "organisation": "润城村村民委员会",
     "village_id": 1, "mobile": "13800001003", "phone": "", "cert_no": "", "notes": ""},
)  # fmt: skip

SEARCH_FIELDS = {
    "villages": ("name", "region_code", "secretary", "director", "grid_worker", "notes"),
    "units": ("name", "subtype", "address", "uscc", "legal_rep", "contact", "contact_phone",
              "department", "notes"),
    "people": ("name", "role", "organisation", "mobile", "phone", "cert_no", "notes"),
    "hazards": ("code", "location", "description", "category", "basis", "found_by", "measures",
                "responsible_unit", "responsible_person", "supervisor", "notes"),
    "inspections": ("place", "met_person", "narrative", "disposition_note", "recorder",
                    "document_number", "notes"),
}  # fmt: skip

#: Columns whose values the manifest records for every row (when the row has them).
CHECKED = {
    "settings": ("value",),
    "villages": ("name", "kind", "region_code"),
    "units": ("name", "type", "uscc", "village_id"),
    "people": ("name", "role", "cert_no"),
    "documents": ("kind", "number", "status", "unit_id", "ref"),
    "hazards": ("code", "state", "unit_id", "due_on", "inspection_id", "notice_id",
                "emergency_plan", "basis_pending"),
    "hazard_events": ("hazard_id", "action", "to_state", "details", "document_id"),
    "hazard_photos": ("hazard_id", "kind", "file"),
    "holidays": ("kind",),
    "checklist_templates": ("family", "items"),
    "inspections": ("unit_id", "inspected_on", "inspectors", "results", "document_number",
                    "document_id"),
    "coverage_rules": ("unit_type", "risk", "period"),
    "draws": ("seed", "population", "chosen"),
    "inspection_photos": ("inspection_id", "file"),
    "plans": ("village_id", "kind"),
    "plan_versions": ("plan_id", "version", "status", "adopted_on", "reviewed_on",
                      "effective_on", "next_revision_on", "revision_reason"),
    "shelters": ("village_id", "name", "capacity", "manager_phone"),
    **PARTS_CHECKED,
    **DRILLS_CHECKED,
}
_KEYS = {"settings": "key", "holidays": "day", "callout_villages": "callout_id"}

#: 2026's arrangement as the app seeds it (国务院办公厅通知; same as the chinese-calendar data).
HOLIDAYS_2026 = (
    [(f"2026-01-0{d}", "休", "元旦") for d in (1, 2, 3)]
    + [("2026-01-04", "班", "元旦调休"), ("2026-02-14", "班", "春节调休")]
    + [(f"2026-02-{d}", "休", "春节") for d in range(15, 24)]
    + [("2026-02-28", "班", "春节调休")]
    + [(f"2026-04-0{d}", "休", "清明节") for d in (4, 5, 6)]
    + [(f"2026-05-0{d}", "休", "劳动节") for d in range(1, 6)]
    + [("2026-05-09", "班", "劳动节调休")]
    + [(f"2026-06-{d}", "休", "端午节") for d in (19, 20, 21)]
    + [("2026-09-20", "班", "国庆节调休")]
    + [(f"2026-09-{d}", "休", "中秋节") for d in (25, 26, 27)]
    + [(f"2026-10-0{d}", "休", "国庆节") for d in range(1, 8)]
    + [("2026-10-10", "班", "国庆节调休")]
)

_INSPECTORS = [
    {
        "name": "陈卫东",
        "person_id": 1,
        "cert_no": "14052226001",
        "organisation": "润城镇应急管理办公室",
    },
    {"name": "李明", "person_id": 2, "cert_no": "", "organisation": "润城镇人民政府"},
]
_TEMPLATE_ITEMS = [
    {"seq": 1, "content": "安全管理机构和人员", "standard": "按规定设置安全管理机构或配备专职安全管理人员",
     "basis": "《工贸企业重大事故隐患判定标准》（应急管理部令第10号）", "major": True},
    {"seq": 2, "content": "电气设备和线路", "standard": "配电箱（柜）前0.8米内无杂物，线路无私拉乱接",
     "basis": "GB 50054《低压配电设计规范》", "major": False},
    {"seq": 3, "content": "应急预案和演练", "standard": "制定应急预案，每年至少组织一次疏散逃生演练",
     "basis": "《生产安全事故应急条例》第八条", "major": False},
]  # fmt: skip
_FAILED_NOTE = "车间配电箱前堆放杂物，箱门无法完全打开"


#: Hazard columns that are empty text, and those that are NULL, unless a record sets them.
_HAZARD_TEXT = (
    "sector", "location", "category", "basis", "found_by", "measures", "deadline_warning",
    "responsible_unit", "responsible_person", "responsible_phone", "supervisor",
    "interim_measures", "five_in_place", "listed_level", "listed_body", "accepted_unit",
    "accepted_by", "transfer_department", "cancel_reason", "notes",
)  # fmt: skip
_HAZARD_NULL = (
    "deadline_days", "due_on", "funds", "dual_report_on", "listed_on", "rectified_on",
    "closed_on", "accepted_on", "transferred_on", "archived_at",
)  # fmt: skip


def _hazard(**values: Any) -> dict[str, Any]:
    """A hazard row with the register's defaults (empty text, no optional dates)."""
    row: dict[str, Any] = {**dict.fromkeys(_HAZARD_TEXT, ""), **dict.fromkeys(_HAZARD_NULL)}
    row.update(deadline_kind="日期", level="一般", source="镇村检查")
    row.update(values)
    return row


#: 类别代字 of the document kinds (the default settings).
_CODES = {"安全隐患整改通知书": "安通", "整改复查意见书": "安复", "安全检查记录": "安检记"}
_NOTICE, _RECHECK, _RECORD = _CODES
_RECHECK_1 = {"rechecked_by": ["李明"], "opinion": "货物已清走，疏散通道畅通，整改合格"}
_RECHECK_3 = {"rechecked_by": ["陈卫东", "李明"], "opinion": "钢瓶已移至距灶具1米处，整改合格"}

COVERAGE_RULES = (
    ("*", "A", "每季度", 1, "重大风险单位每季度至少检查一次"),
    ("*", "B", "每半年", 1, "较大风险单位每半年至少检查一次"),
    ("九小场所", "*", "每半年", 1, "九小场所每半年检查一次"),
    ("*", "*", "每年", 1, "其他单位场所每年至少检查一次"),
)

#: Hazards 1–3 (hazard 4 depends on the version: see :func:`write_records`).
HAZARDS = (
    {"id": 1, "code": "润-2026-0001", "unit_id": 3, "village_id": 3, "sector": "人员密集场所",
     "location": "一楼走廊", "description": "疏散通道堆放货物，影响人员疏散",
     "category": "物的不安全状态", "found_on": "2026-11-03", "found_by": "陈卫东",
     "measures": "清理疏散通道内货物，保持疏散通道畅通", "deadline_kind": "自然日",
     "deadline_days": 7, "due_on": "2026-11-10", "responsible_unit": UNITS[2]["name"],
     "responsible_person": "孙春燕", "responsible_phone": "13800002003",
     "supervisor": "吴晓明"},
    {"id": 2, "code": "润-2026-0002", "unit_id": 2, "village_id": 2, "sector": "九小场所",
     "location": "大厅", "description": "灭火器压力不足，指针在红区",
     "category": "物的不安全状态", "found_on": "2026-11-10", "found_by": "陈卫东、李明",
     "measures": "更换或充装灭火器，每月检查压力", "due_on": "2026-11-24",
     "responsible_unit": UNITS[1]["name"], "responsible_person": "张丽娟",
     "responsible_phone": "13800002002"},
    {"id": 3, "code": "润-2026-0003", "unit_id": 2, "village_id": 2, "sector": "九小场所",
     "location": "后厨", "description": "液化气钢瓶与灶具间距不足 0.5 米",
     "category": "物的不安全状态", "found_on": "2026-11-10", "found_by": "陈卫东、李明",
     "measures": "调整钢瓶位置，保持安全间距", "due_on": "2026-11-17",
     "responsible_unit": UNITS[1]["name"], "responsible_person": "张丽娟",
     "responsible_phone": "13800002002"},
)  # fmt: skip

#: Hazard 5 (m009 on): a 重大 hazard whose 五到位 were free ticks, 资金 ticked with no amount.
HAZARD_5_MAJOR = {
    "id": 5, "code": "润-2026-0005", "unit_id": 4, "village_id": 2, "sector": "危险化学品",
    "location": "储罐区", "description": "储罐区可燃气体报警装置失效", "category": "物的不安全状态",
    "level": "重大", "basis": "危险化学品企业重大生产安全事故隐患判定标准 第十五条",
    "found_on": "2026-12-01", "found_by": "陈卫东", "measures": "修复可燃气体报警装置并联动测试",
    "deadline_kind": "自然日", "deadline_days": 30, "due_on": "2026-12-31",
    "responsible_unit": UNITS[3]["name"], "responsible_person": "周国庆",
    "responsible_phone": "13800002004", "interim_measures": "储罐区停止装卸作业，专人值守",
    "five_in_place": "责任,措施,资金", "dual_report_on": "2026-12-02", "inspection_id": None,
}  # fmt: skip
#: Hazard 6 (m010 on): an imported 重大 hazard whose 判定依据 is still to be entered (待补录).
HAZARD_6_PENDING = {
    "id": 6, "code": "润-2026-0006", "unit_id": 4, "village_id": 2, "sector": "危险化学品",
    "location": "卸油区", "description": "油罐车卸油时未连接静电接地装置", "category": "人的不安全行为",
    "level": "重大", "source": "上级督查交办", "found_on": "2026-12-02", "found_by": "县应急管理局",
    "measures": "卸油前连接静电接地并专人监护", "deadline_kind": "自然日", "deadline_days": 15,
    "due_on": "2026-12-17", "responsible_unit": UNITS[3]["name"], "responsible_person": "周国庆",
    "responsible_phone": "13800002004", "inspection_id": None,
}  # fmt: skip
#: Hazard 4 as registered by hand (m004, m005) …
HAZARD_4_BY_HAND = {
    "id": 4, "code": "润-2026-0004", "unit_id": 1, "village_id": 1, "sector": "工贸企业",
    "location": "铸造车间", "description": _FAILED_NOTE, "category": "物的不安全状态",
    "found_on": "2026-11-18", "found_by": "陈卫东、李明",
    "measures": "清理配电箱前杂物，保持0.8米操作空间", "deadline_kind": "自然日",
    "deadline_days": 7, "due_on": "2026-11-25", "responsible_unit": UNITS[0]["name"],
    "responsible_person": "刘海涛", "responsible_phone": "13800002001",
}  # fmt: skip
#: … and as raised from the 不合格 item of inspection 1 (m006 on).
HAZARD_4_FROM_INSPECTION = {
    "id": 4, "code": "润-2026-0004", "unit_id": 1, "village_id": 1, "inspection_id": 1,
    "sector": "工贸企业", "location": UNITS[0]["address"],
    "description": f"电气设备和线路：{_FAILED_NOTE}", "found_on": "2026-11-18",
    "found_by": "陈卫东、李明", "measures": "按要求整改：配电箱（柜）前0.8米内无杂物，线路无私拉乱接",
    "deadline_kind": "自然日", "deadline_days": 7, "due_on": "2026-11-25",
    "responsible_unit": UNITS[0]["name"],
}  # fmt: skip

INSPECTION_1 = {
    "id": 1, "unit_id": 1, "village_id": 1, "enforcement": 0, "inspector_count": 2,
    "template_id": 1, "draw_id": 1, "target_type": "工贸企业", "place": UNITS[0]["address"],
    "started_at": "2026-11-18T09:00", "ended_at": "2026-11-18T10:30",
    "inspected_on": "2026-11-18", "kind": "日常检查", "methods": "双随机,四不两直",
    "inspectors": dumps_compact(_INSPECTORS), "met_person": "刘海涛", "met_title": "总经理",
    "met_phone": "13800002001", "narrative": "检查铸造车间、配电室和安全管理台账，配电箱前堆放杂物。",
    "disposition": "下达整改通知书", "disposition_note": "", "recorder": "李明", "witness": "",
    "refused_to_sign": "", "results": "[]", "document_number": "", "notes": "",
}  # fmt: skip
INSPECTION_2 = {
    **INSPECTION_1, "id": 2, "unit_id": 3, "village_id": 3, "template_id": None,
    "target_type": "人员密集场所", "place": UNITS[2]["address"],
    "started_at": "2026-11-19T14:00", "ended_at": "2026-11-19T15:00",
    "inspected_on": "2026-11-19", "methods": "双随机", "met_person": "孙春燕",
    "met_title": "店长", "met_phone": "13800002003",
    "narrative": "复看疏散通道和灭火器，未发现问题。", "disposition": "无问题",
}  # fmt: skip


# -- writing one golden --------------------------------------------------------------------------
class Writer:
    """Writes the records of one version into an open connection and remembers them."""

    def __init__(self, conn: sqlite3.Connection, day: str) -> None:
        self.conn = conn
        self.clock = datetime.fromisoformat(f"{day}T01:30:00+00:00")
        self.written: dict[str, list[dict[str, Any]]] = {}
        self.tables = {
            r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        }

    def has(self, table: str, column: str | None = None) -> bool:
        """True when the table (and column) exists at this version."""
        if table not in self.tables:
            return False
        if column is None:
            return True
        return any(r[1] == column for r in self.conn.execute(f"PRAGMA table_info({table})"))

    def now(self) -> str:
        """The next write time (UTC ISO, seconds; 37 s after the previous write)."""
        self.clock += timedelta(seconds=37)
        return self.clock.isoformat(timespec="seconds")

    def insert(self, table: str, row: dict[str, Any]) -> None:
        """Insert one row as given (an unknown column is an error: the version lacks it)."""
        cols = list(row)
        quoted = ", ".join(f'"{c}"' for c in cols)
        self.conn.execute(
            f"INSERT INTO {table} ({quoted}) VALUES ({', '.join('?' * len(cols))})",
            [row[c] for c in cols],
        )
        self.written.setdefault(table, []).append(dict(row))

    def update(self, table: str, key: int, **values: Any) -> None:
        """Change columns of a row written before (what a later edit of the record does)."""
        sets = ", ".join(f'"{c}" = ?' for c in values)
        self.conn.execute(f"UPDATE {table} SET {sets} WHERE id = ?", [*values.values(), key])
        for row in self.written[table]:
            if row["id"] == key:
                row.update(values)

    def index(self, table: str, key: int, body: str) -> None:
        """(Re)index one record's search text under its id, as storage/search.py:set_text."""
        fts = f"{table}_fts"
        self.conn.execute(f"DELETE FROM {fts} WHERE rowid = ?", [key])
        self.conn.execute(f"INSERT INTO {fts}(rowid, body) VALUES (?, ?)", [key, body])
        rows = [r for r in self.written.get(fts, []) if r["rowid"] != key]
        self.written[fts] = [*rows, {"rowid": key, "body": body}]

    def record(self, table: str, row: dict[str, Any], prefix: str | None = None) -> None:
        """Insert a register record with its timestamps and index it for search."""
        stamp = self.now()
        row = {**row, "created_at": stamp, "updated_at": stamp}
        if table in ("villages", "units", "people", "hazards", "inspections"):
            row.setdefault("archived_at", None)
        self.insert(table, row)
        self.reindex(table, row["id"], prefix)

    def reindex(self, table: str, key: int, prefix: str | None = None) -> None:
        """Index the record as it is now (``prefix``: related text put first, as a store adds)."""
        row = next(r for r in self.written[table] if r["id"] == key)
        body = fts_text(*(str(row[f] or "") for f in SEARCH_FIELDS[table]))
        self.index(table, key, body if prefix is None else fts_text(prefix, body))


def write_records(w: Writer) -> list[list[Any]]:
    """Write the records of every table present; return the searches that must find them."""
    has_documents, has_refs = w.has("documents"), w.has("documents", "ref")
    has_hazards, has_photos = w.has("hazards"), w.has("hazard_photos")
    has_inspections = w.has("inspections")
    # Since m007 an inspection's search text starts with its unit's name.
    names_inspections = w.has("inspection_photos")
    # Since m009 events, hazards and inspections name their documents by id (not in the JSON).
    links = w.has("hazard_events", "document_id")
    # m010 replaced the free 五到位 ticks by fields (预案 and the 待补录 flag of the 判定依据).
    ticks = w.has("hazards", "five_in_place")
    five_fields = w.has("hazards", "emergency_plan")

    def document(doc_id: int, kind: str, serial: int, on: str, unit_id: int, **more: Any) -> None:
        if not has_documents:
            return
        stamp = w.now()
        row = {"id": doc_id, "kind": kind, "year": 2026, "serial": serial,
               "number": f"润{_CODES[kind]}〔2026〕{serial}号", "issued_on": on,
               "unit_id": unit_id, "subject": UNITS[unit_id - 1]["name"], "status": "有效",
               "void_reason": "", "voided_on": None, "created_at": stamp, "updated_at": stamp}  # fmt: skip
        ref = more.pop("ref", None)
        row.update(more)
        if has_refs:
            row["ref"] = ref
        w.insert("documents", row)

    def hazard(row: dict[str, Any]) -> None:
        if has_inspections:
            row = {"inspection_id": None, **row}
        full = _hazard(**row, state="已登记")
        if not ticks:
            full.pop("five_in_place")
        if five_fields:
            full.setdefault("emergency_plan", "")
            pending = full["level"] == "重大" and not str(full.get("basis") or "").strip()
            full.setdefault("basis_pending", 1 if pending else 0)
        if links:
            full["notice_id"] = None
        w.record("hazards", full)

    def event(event_id: int, hazard_id: int, action: str, states: str, on: str, by: str,
              details: dict[str, Any] | None = None, document: int | None = None) -> None:  # fmt: skip
        """One timeline row; ``states`` is ``"from→to"``; ``document``: the 文书 it issued.

        Before m009 a 下达整改通知 kept its notice's id and number in the JSON; since, the event
        names the document in ``document_id`` (a 复查 too, once its 复查意见书 is printed).
        """
        from_state, to_state = states.split("→")
        details = dict(details or {})
        if document is not None and not links and action == "下达整改通知":
            details = {"document_id": document, "number": f"润安通〔2026〕{document}号", **details}
        row = {
            "id": event_id, "hazard_id": hazard_id, "action": action, "from_state": from_state,
            "to_state": to_state, "on": on, "by": by, "note": "", "details": dumps(details),
            "created_at": w.now()}  # fmt: skip
        if links:
            row["document_id"] = document
        w.insert("hazard_events", row)
        if links and action == "下达整改通知":
            w.update("hazards", hazard_id, notice_id=document)

    def photo(photo_id: int, hazard_id: int, kind: str, token: str, on: str) -> None:
        if has_photos:
            w.insert("hazard_photos", {
                "id": photo_id, "hazard_id": hazard_id, "kind": kind,
                "file": f"hazards/{hazard_id}/{token}.jpg",
                "original_name": f"IMG_{on.replace('-', '')}_{token[:6].upper()}.jpg",
                "taken_on": on, "note": "", "created_at": w.now()})  # fmt: skip

    # 设置 (the first-run dialog stores the five township fields, values as JSON) and registers.
    for key, value in TOWNSHIP.items():
        w.insert("settings", {"key": key, "value": dumps(value), "updated_at": w.now()})
    for table, records in (("villages", VILLAGES), ("units", UNITS), ("people", PEOPLE)):
        for rec in records:
            w.record(table, rec)
    searches: list[list[Any]] = [
        ["villages", "上伏", [2]], ["units", "铸造", [1]], ["units", "91140522MA0K6", [4]],
        ["people", "陈卫东", [1]],
    ]  # fmt: skip

    # Hazard 1 (超市): the whole loop — notice 1号, receipt, recheck passed, 销号.
    if has_hazards:
        hazard(HAZARDS[0])
        photo(1, 1, "整改前", "3f9c0a1b2c3d4e5f", "2026-11-03")
    document(1, _NOTICE, 1, "2026-11-04", 3)
    if has_hazards:
        event(1, 1, "下达整改通知", "已登记→整改中", "2026-11-04", "陈卫东", document=1)
        event(2, 1, "收到回执", "整改中→待复查", "2026-11-07", "陈卫东")
        event(3, 1, "复查合格", "待复查→复查合格", "2026-11-09", "李明", _RECHECK_1)
        event(4, 1, "销号", "复查合格→已销号", "2026-11-10", "陈卫东")
        closed = {"rectified_on": "2026-11-09", "closed_on": "2026-11-10"}
        w.update("hazards", 1, state="已销号", **closed, updated_at=w.now())
        photo(2, 1, "整改后", "7a2b4c6d8e0f1a3b", "2026-11-09")
        # Hazards 2 and 3 (饭店) get one notice (3号) together; 3 is rechecked and passes.
        hazard(HAZARDS[1])
        hazard(HAZARDS[2])
        photo(3, 2, "整改前", "c4d5e6f708192a3b", "2026-11-10")
    # 2号 was spoiled and voided (it keeps its number); 3号 is the饭店's notice.
    document(2, _NOTICE, 2, "2026-11-11", 2)
    if has_documents:
        voided = {
            "status": "作废",
            "void_reason": "填写错误，已重新开具",
            "voided_on": "2026-11-11",
        }
        w.update("documents", 2, **voided, updated_at=w.now())
    document(3, _NOTICE, 3, "2026-11-11", 2)
    if has_hazards:
        event(5, 2, "下达整改通知", "已登记→整改中", "2026-11-11", "陈卫东", document=3)
        w.update("hazards", 2, state="整改中", updated_at=w.now())
        event(6, 3, "下达整改通知", "已登记→整改中", "2026-11-11", "陈卫东", document=3)
        w.update("hazards", 3, state="整改中", updated_at=w.now())
        event(7, 3, "复查合格", "整改中→复查合格", "2026-11-16", "陈卫东", _RECHECK_3)
        w.update("hazards", 3, state="复查合格", rectified_on="2026-11-16", updated_at=w.now())
        photo(4, 3, "整改后", "0b1c2d3e4f5a6b7c", "2026-11-16")
        searches += [["hazards", "灭火器", [2]], ["hazards", "钢瓶 后厨", [3]],
                     ["hazards", "钢瓶 大厅", []], ["hazards", "配电箱", [4]]]  # fmt: skip
    # The 整改复查意见书 of hazard 3's recheck, found again by its event ("hazard_event:7").
    recheck_ref = "hazard_event:7" if has_hazards else None
    subject = f"{UNITS[1]['name']} 整改复查"
    document(4, _RECHECK, 1, "2026-11-16", 2, subject=subject, ref=recheck_ref)
    if links:  # printing the 复查意见书 links it to its event
        w.update("hazard_events", 7, document_id=4)
    if w.has("holidays"):
        for day, kind, note in HOLIDAYS_2026:
            w.insert("holidays", {"day": day, "kind": kind, "note": note, "updated_at": w.now()})
    if not has_inspections:
        if has_hazards:
            hazard(HAZARD_4_BY_HAND)
        return searches

    # Coverage rules, a 双随机 draw, a checklist, two inspections; hazard 4 from inspection 1.
    for rule_id, (unit_type, risk, period, times, note) in enumerate(COVERAGE_RULES, 1):
        w.insert("coverage_rules", {"id": rule_id, "unit_type": unit_type, "risk": risk,
                                    "period": period, "times": times, "note": note})  # fmt: skip
    w.insert("draws", {"id": 1, "drawn_on": "2026-11-17", "seed": 482913557, "n": 2,
                       "filter_text": "", "population": dumps_compact([1, 2, 3, 4]),
                       "chosen": dumps_compact([3, 1]), "by": "陈卫东",
                       "note": "第四季度双随机抽查", "created_at": w.now()})  # fmt: skip
    w.insert("checklist_templates", {
        "id": 1, "family": "user-1", "version": 1, "name": "工贸企业日常检查表（润城镇）",
        "target_types": dumps_compact(["工贸企业"]), "basis": "《中华人民共和国安全生产法》",
        "items": dumps_compact(_TEMPLATE_ITEMS), "builtin": 0, "retired": 0,
        "created_at": w.now()})  # fmt: skip
    results = [
        {**item, "result": "合格", "note": "", "hazard_id": None} for item in _TEMPLATE_ITEMS
    ]
    results[1].update(result="不合格", note=_FAILED_NOTE)
    foundry = UNITS[0]["name"] if names_inspections else None
    linked = {"document_id": None} if links else {}
    w.record("inspections", {**INSPECTION_1, **linked, "results": dumps_compact(results)}, foundry)
    hazard(HAZARD_4_FROM_INSPECTION)
    results[1]["hazard_id"] = 4
    w.update("inspections", 1, results=dumps_compact(results), updated_at=w.now())
    # Printing the 安全检查记录 takes its 文号 and writes it back into the record.
    subject = f"{UNITS[0]['name']}日常检查"
    document(5, _RECORD, 1, "2026-11-18", 1, subject=subject, ref="inspection:1")
    w.update("inspections", 1, document_number="润安检记〔2026〕1号", updated_at=w.now(),
             **({"document_id": 5} if links else {}))  # fmt: skip
    w.reindex("inspections", 1, foundry)
    w.record("inspections", {**INSPECTION_2, **linked},
             UNITS[2]["name"] if names_inspections else None)  # fmt: skip
    searches += [["inspections", "配电箱", [1]], ["inspections", "润安检记", [1]]]
    if not names_inspections:
        return searches
    searches.append(["inspections", "超市", [2]])
    for photo_id, token in ((1, "5e6f7a8b9c0d1e2f"), (2, "a1b2c3d4e5f60718")):
        w.insert("inspection_photos", {
            "id": photo_id, "inspection_id": 1, "kind": "现场",
            "file": f"inspections/1/{token}.jpg", "original_name": f"现场{photo_id}.jpg",
            "taken_on": "2026-11-18", "note": "配电箱前杂物" if photo_id == 1 else "",
            "created_at": w.now()})  # fmt: skip
    if not links:
        return searches
    if not five_fields:
        hazard(HAZARD_5_MAJOR)
        searches.append(["hazards", "储罐", [5]])
        return searches
    # m010 on: hazard 5's 五到位 are fields (its 预案 named); hazard 6 is an imported 重大
    # hazard whose 判定依据 is still to be entered (待补录).
    five = {k: v for k, v in HAZARD_5_MAJOR.items() if k != "five_in_place"}
    hazard({**five, "emergency_plan": "上伏村示例加油站生产安全事故应急预案（2026年版）",
            "funds": 12000.0})
    hazard(HAZARD_6_PENDING)
    searches += [["hazards", "储罐", [5]], ["hazards", "油罐车", [6]]]
    if w.has("plans"):
        write_plans(w)
    if w.has("plan_contacts"):
        write_plan_parts(w)
    if w.has("drills"):
        write_drills(w)
    return searches


def write_plans(w: Writer) -> None:
    """m011 on: 润城村's 防汛 plan in force (one superseded version), 上伏村's 地震 plan sent back
    for revision, the township's own 包保责任制 as a draft; a shelter of 润城村 and one of the
    township."""
    for plan_id, village_id, kind in ((1, 1, "防汛"), (2, 2, "地震"), (3, None, "包保责任制")):
        w.insert("plans", {"id": plan_id, "village_id": village_id, "kind": kind,
                           "created_at": w.now()})  # fmt: skip
    blank = dict.fromkeys(("adopted_on", "reviewed_by", "reviewed_on", "effective_on",
                           "next_revision_on", "revision_reason", "attachment", "notes"))  # fmt: skip
    versions = [
        (1, 1, "2025年版", "2025-04-10", "已废止", {"adopted_on": "2025-04-20",
         "reviewed_by": "陈卫东", "reviewed_on": "2025-05-06", "effective_on": "2025-05-08",
         "next_revision_on": "2026-05-31"}),
        (2, 1, "2026年版", "2026-04-12", "已生效", {"adopted_on": "2026-04-25",
         "reviewed_by": "陈卫东", "reviewed_on": "2026-05-09", "effective_on": "2026-05-12",
         "next_revision_on": "2027-05-31", "notes": "汛前修订，更新包保责任人"}),
        (3, 2, "2026年版", "2026-03-02", "需修订", {"adopted_on": "2026-03-15",
         "reviewed_by": "李明", "reviewed_on": "2026-03-20", "effective_on": "2026-03-22",
         "next_revision_on": "2027-03-22", "revision_reason": "村两委换届，包保责任人变动"}),
        (4, 3, "2026年版", "2026-11-20", "草稿", {}),
    ]  # fmt: skip
    for version_id, plan_id, version, drafted, status, more in versions:
        stamp = w.now()
        w.insert("plan_versions", {**blank, "id": version_id, "plan_id": plan_id,
                                   "version": version, "drafted_on": drafted, "status": status,
                                   **more, "created_at": stamp, "updated_at": stamp})  # fmt: skip
    shelters = [
        (1, 1, "润城村文化广场", "润城村村委会东侧", 800, 3200.0, "王建国", "13800001001",
         "饮用水、照明、临时厕所"),
        (2, None, "润城镇中学操场", "润城镇中学", 2000, 9000.0, "赵永刚", "0356-4881234",
         "水、电、厕所、应急物资库"),
    ]  # fmt: skip
    for shelter_id, village_id, name, place, cap, area, manager, phone, facilities in shelters:
        stamp = w.now()
        w.insert("shelters", {"id": shelter_id, "village_id": village_id, "name": name,
                              "place": place, "capacity": cap, "area": area,
                              "manager": manager, "manager_phone": phone,
                              "facilities": facilities, "notes": "",
                              "created_at": stamp, "updated_at": stamp})  # fmt: skip


def _applied_at(day: str, n: int) -> str:
    """A fixed ``applied_at`` in sqlite-utils' format (``str`` of an aware UTC datetime)."""
    moment = datetime.fromisoformat(f"{day}T01:29:30").replace(tzinfo=UTC)
    return str(moment + timedelta(microseconds=104_213 + 2_917 * n))


def make(name: str) -> dict[str, Any]:
    """Write ``schema_<mNNN>.db`` for the release whose newest migration is ``name``.

    Returns:
        The golden's manifest entry.
    """
    index = KNOWN_MIGRATIONS.index(name)
    day = RELEASES[name]
    target = HERE / f"schema_{name.split('_')[0]}.db"
    fd, tmp_name = tempfile.mkstemp(prefix=".golden-", suffix=".db", dir=HERE)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        tmp.unlink()
        db = Database(tmp, execute_plugins=False)
        later = KNOWN_MIGRATIONS[index + 1 :]
        migrations.apply(db, stop_before=later[0] if later else None)
        applied = [m.name for m in migrations.applied(db)]
        assert applied == KNOWN_MIGRATIONS[: index + 1], applied
        conn = db.conn
        for n, row_id in enumerate(
            r[0] for r in conn.execute("SELECT id FROM _sqlite_migrations ORDER BY id")
        ):
            conn.execute(
                "UPDATE _sqlite_migrations SET applied_at = ? WHERE id = ?",
                [_applied_at(day, n), row_id],
            )
        conn.commit()
        conn.execute("PRAGMA foreign_keys = ON")
        writer = Writer(conn, day)
        with conn:
            searches = write_records(writer)
        problems = conn.execute("PRAGMA foreign_key_check").fetchall()
        assert not problems, problems
        # No VACUUM: it rewrites sqlite_master with the tables first, which changes the order
        # of ``db.schema`` (the app never vacuums, so a real database keeps creation order).
        # The file is new and only ever grew, so there is little free space to reclaim anyway.
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
        db.close()
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)
    counts = {table: len(rows) for table, rows in sorted(writer.written.items())}
    checks: list[list[Any]] = []
    for table, rows in writer.written.items():
        if table.endswith("_fts"):
            checks += [[table, "rowid", r["rowid"], "body", r["body"]] for r in rows]
            continue
        key = _KEYS.get(table, "id")
        checks += [[table, key, r[key], c, r[c]] for r in rows for c in CHECKED[table] if c in r]
    return {
        "migrations": applied,
        "applied_at": [_applied_at(day, n) for n in range(len(applied))],
        "counts": counts,
        "search": searches,
        "checks": checks,
    }


def _write_manifest(entries: dict[str, dict[str, Any]]) -> None:
    """manifest.json, one check per line (readable diffs)."""
    lines = ["{"]
    for i, (file, entry) in enumerate(sorted(entries.items())):
        lines.append(f"  {json.dumps(file)}: {{")
        for key in ("migrations", "applied_at", "counts", "search"):
            lines.append(f"    {json.dumps(key)}: {json.dumps(entry[key], ensure_ascii=False)},")
        lines.append('    "checks": [')
        checks = [f"      {json.dumps(c, ensure_ascii=False)}" for c in entry["checks"]]
        lines.append(",\n".join(checks))
        lines.append("    ]")
        lines.append("  }" + ("," if i < len(entries) - 1 else ""))
    lines.append("}")
    MANIFEST.write_text("\n".join(lines) + "\n", encoding="utf-8")


def main(argv: list[str]) -> int:
    """Make the goldens named in ``argv`` (``m007`` or ``m007_add_inspection_photos``), else all."""
    unknown = [n for n in RELEASES if n not in KNOWN_MIGRATIONS]
    if unknown or list(RELEASES) != KNOWN_MIGRATIONS[: len(RELEASES)]:
        print(
            f"RELEASES must name migrations of KNOWN_MIGRATIONS in order: {unknown or list(RELEASES)}"
        )
        return 2
    wanted = [
        n for n in RELEASES if not argv or any(n.split("_")[0] == a.split("_")[0] for a in argv)
    ]
    if argv and len(wanted) != len(argv):
        print(f"Unknown versions among {argv}; known: {', '.join(RELEASES)}")
        return 2
    entries = json.loads(MANIFEST.read_text(encoding="utf-8")) if MANIFEST.exists() else {}
    for name in wanted:
        entry = make(name)
        file = f"schema_{name.split('_')[0]}.db"
        entries[file] = entry
        size = (HERE / file).stat().st_size
        print(f"{file}: {len(entry['migrations'])} migrations, "
              f"{sum(entry['counts'].values())} rows, {size // 1024} KB")  # fmt: skip
    _write_manifest(entries)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
