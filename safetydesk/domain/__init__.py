"""Pure-Python domain: records, enums and rules. Imports only the stdlib, dateutil and stdnum."""
