"""The only layer that knows SQL: sqlite-utils database, migrations, one store per aggregate."""
