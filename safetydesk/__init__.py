"""SafetyDesk — 乡镇安全生产应急管理台账 (township work-safety ledger)."""

__version__ = "0.1.0"
