"""Spreadsheet import: the register import and the old hazard-ledger import, all or nothing.

- :mod:`.sheets` finds header rows and walks data rows (shared by both); :mod:`.workbook` opens
  workbooks read-only and reads a sheet's values, bounded by the XML scan of :mod:`.sheet_scan`;
  :mod:`.cells` parses single cells;
- :mod:`.values` normalises headers and register values (unit types, village names …);
- :mod:`.registers` imports the 村(社区) and 单位场所 registers (:class:`ImportService`);
- :mod:`.hazards` imports an old 隐患排查治理台账 (:class:`HazardImportService`), with its row
  column table and row walk :mod:`.hazard_rows`, the per-row conversion and checks
  :mod:`.hazard_row_checks`, the plan it produces :mod:`.hazard_plan`, its cell values
  :mod:`.hazard_values` and the matching of the ledger's names to the registers
  :mod:`.hazard_matching`;
- :mod:`.plan_lists` imports a village's 通讯录, 包保 list or household list
  (:class:`PlanListImportService`), with its columns and value synonyms :mod:`.plan_list_values`,
  its row walk :mod:`.plan_list_rows` and the matching of names to people and parts
  :mod:`.plan_list_match`.

Nothing is imported here, so ``Workspace.imports`` and ``Workspace.hazard_imports`` still load
their modules (and openpyxl) on first use only.
"""
