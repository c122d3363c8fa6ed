"""Create the PostgreSQL role named in DATABASE_URL (with CREATEDB, for the test database).

On these machines PostgreSQL trusts local connections, so the role is created by
connecting as the `postgres` superuser. Nothing is done when the role exists.
"""

import os
import sys
from urllib.parse import urlsplit

import psycopg
from psycopg import sql

url = urlsplit(os.environ["DATABASE_URL"])
role = url.username or "portal"
admin = f"host={url.hostname or '127.0.0.1'} port={url.port or 5432} user=postgres dbname=postgres"
with psycopg.connect(admin, autocommit=True) as conn:
    if conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [role]).fetchone():
        sys.exit(0)
    conn.execute(sql.SQL("CREATE ROLE {} LOGIN CREATEDB").format(sql.Identifier(role)))
    database = (url.path or "/portal").lstrip("/") or "portal"
    conn.execute(sql.SQL("CREATE DATABASE {} OWNER {}").format(sql.Identifier(database), sql.Identifier(role)))
    print(f"Created PostgreSQL role {role} and database {database}.")
