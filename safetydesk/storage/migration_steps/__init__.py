"""The steps of the schema migrations, registered in order by :mod:`safetydesk.storage.migrations`.

:mod:`.tables` holds the steps that create tables, columns and indexes (m001–m008);
:mod:`.rewrites` the steps that also rewrite the rows already stored (m009 onwards). A step is
never edited or renamed once it is on main.
"""
