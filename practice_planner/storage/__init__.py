"""Persistence: the SQLCipher vault, ORM models, migrations, audit trail. No Qt here."""
