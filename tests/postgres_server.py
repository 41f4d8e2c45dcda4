"""A throw-away PostgreSQL server from Debian's packages, for the test session and the benchmarks:
initdb in a temporary folder, a free local port, its Unix socket in that folder (no TCP listener),
stopped and deleted afterwards. Run as the `postgres` user when the tests run as root (initdb refuses root)."""

from __future__ import annotations

import contextlib
import glob
import os
import shutil
import socket
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path


def postgres_bindir() -> Path:
    """The newest Debian PostgreSQL's programs (/usr/lib/postgresql/<version>/bin)."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"), key=lambda p: int(Path(p).parts[4]))
    if not found:
        raise RuntimeError("PostgreSQL is not installed: apt-get install postgresql postgresql-postgis "
                           "(make test and .ci/run do)")
    return Path(found[-1]).parent


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def temporary_postgres() -> Iterator[str]:
    """Start a server; yield the URL of its `postgres` database (user `eventmap`, trusted locally)."""
    bindir = postgres_bindir()
    root = Path(tempfile.mkdtemp(prefix="eventmap-pg-"))  # (short: a socket path has a 107-byte limit)
    as_postgres: list[str] = []
    if os.geteuid() == 0:
        shutil.chown(root, "postgres", "postgres")
        as_postgres = ["runuser", "-u", "postgres", "--"]
    data, port = root / "data", _free_port()
    run = {"check": True, "stdout": subprocess.DEVNULL, "stderr": subprocess.PIPE}
    try:
        subprocess.run([*as_postgres, str(bindir / "initdb"), "-D", str(data), "-U", "eventmap", "--auth=trust",
                        "-E", "UTF8", "--no-locale"], **run)
        options = (f"-p {port} -k {root} -c listen_addresses='' -c fsync=off -c synchronous_commit=off "
                   "-c full_page_writes=off -c max_connections=60")
        subprocess.run([*as_postgres, str(bindir / "pg_ctl"), "-D", str(data), "-l", str(root / "server.log"),
                        "-o", options, "-w", "start"], **run)
        yield f"postgresql://eventmap@/postgres?host={root}&port={port}"
    finally:
        subprocess.run([*as_postgres, str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop"],
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        shutil.rmtree(root, ignore_errors=True)


def database_url(server: str, name: str) -> str:
    return server.replace("/postgres?", f"/{name}?", 1)


@contextlib.contextmanager
def fresh_database(server: str) -> Iterator[str]:
    """A new, empty database on the server for one test; dropped after."""
    import psycopg

    name = f"t_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(server, autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name}")
    try:
        yield database_url(server, name)
    finally:
        with psycopg.connect(server, autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
