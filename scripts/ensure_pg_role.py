"""Create the PostgreSQL role and database named in DATABASE_URL (the role with CREATEDB,
for the test database).

On these machines PostgreSQL trusts local connections, so both are created by connecting as
the `postgres` superuser. Nothing is done for what exists already.
"""

import os
from urllib.parse import urlsplit

import psycopg
from psycopg import sql

url = urlsplit(os.environ["DATABASE_URL"])
role = url.username or "portal"
admin = f"host={url.hostname or '127.0.0.1'} port={url.port or 5432} user=postgres dbname=postgres"
database = (url.path or "/portal").lstrip("/") or "portal"
with psycopg.connect(admin, autocommit=True) as conn:
    if not conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [role]).fetchone():
        conn.execute(sql.SQL("CREATE ROLE {} LOGIN CREATEDB").format(sql.Identifier(role)))
        print(f"Created PostgreSQL role {role}.")
    if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [database]).fetchone():
        conn.execute(sql.SQL("CREATE DATABASE {} OWNER {}").format(sql.Identifier(database), sql.Identifier(role)))
        print(f"Created PostgreSQL database {database}.")
