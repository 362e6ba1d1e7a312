from safetydesk.app import main

raise SystemExit(main())
