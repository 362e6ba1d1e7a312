"""``python -m safetydesk`` runs the command-line interface (never imports Qt)."""

from safetydesk.cli import main

raise SystemExit(main())
