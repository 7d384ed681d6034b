"""Real servers on loopback for the live service tests: PostgreSQL (Debian's ``postgresql``), moto S3
and a Python virtual environment holding exactly an image's package set.

Everything binds 127.0.0.1 on a free port, lives in a temporary directory and is stopped by the
fixture that started it. A missing tool skips with the command that installs it, except under CI
(``CI=true``), where .ci/run installs it and its absence is a failure.
"""

from __future__ import annotations

import datetime
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

CACHE = Path(os.environ.get("AIINFRA_LIVE_CACHE", "/tmp/aiinfra-live"))
"""Where image package sets are installed once and reused across runs (a venv per image)."""


def missing(what: str, install: str) -> None:
    """Skip (locally) or fail (CI) for a tool that is not installed."""
    message = f"{what} is not installed ({install}; .ci/run installs it)"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


def free_port() -> int:
    """A TCP port free on 127.0.0.1 now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_port(port: int, deadline_s: float, process: subprocess.Popen | None = None) -> None:
    """Until 127.0.0.1:``port`` accepts connections (or the process exits, or time runs out)."""
    end = time.monotonic() + deadline_s
    while time.monotonic() < end:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode} before listening on {port}")
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.2)
    raise TimeoutError(f"nothing listens on 127.0.0.1:{port} after {deadline_s:.0f}s")


# --- an image's package set in its own venv ---------------------------------------------------------


def image_venv(name: str, packages: Sequence[str], timeout_s: int = 1800) -> Path:
    """A venv under :data:`CACHE` with ``packages`` installed (once: a stamp records the set)."""
    venv = CACHE / name
    stamp = venv / "aiinfra-packages.txt"
    wanted = "\n".join(packages) + "\n"
    if stamp.is_file() and stamp.read_text() == wanted and (venv / "bin" / "python").is_file():
        return venv
    shutil.rmtree(venv, ignore_errors=True)
    CACHE.mkdir(parents=True, exist_ok=True)
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=300)
    subprocess.run(
        [str(venv / "bin" / "pip"), "install", "-q", "--disable-pip-version-check", *packages],
        check=True,
        timeout=timeout_s,
    )
    stamp.write_text(wanted)
    return venv


# --- PostgreSQL ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Postgres:
    """A running throwaway cluster: superuser ``postgres`` with ``password``, TLS on."""

    port: int
    password: str
    bindir: Path
    run_as: tuple[str, ...]

    def psql(self, sql: str, db: str = "postgres") -> str:
        """Run ``sql`` as the superuser over TCP; the output rows, unaligned."""
        env = {**os.environ, "PGPASSWORD": self.password, "PGSSLMODE": "require"}
        psql = [str(self.bindir / "psql"), "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres"]
        out = subprocess.run(
            [*psql, "-d", db, "-v", "ON_ERROR_STOP=1", "-At", "-c", sql],
            env=env,
            check=True,
            capture_output=True,
            text=True,
            timeout=60,
        )
        return out.stdout.strip()


def postgres_bindir() -> Path | None:
    """The newest Debian ``/usr/lib/postgresql/<major>/bin`` with initdb, if any."""
    root = Path("/usr/lib/postgresql")
    found = sorted(
        (p for p in root.glob("*/bin") if (p / "initdb").is_file()), key=lambda p: int(p.parent.name)
    )
    return found[-1] if found else None


def _self_signed(directory: Path) -> None:
    """``server.crt``/``server.key`` for 127.0.0.1 (the platform's URIs say ``sslmode=require``)."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=1))
        .sign(key, hashes.SHA256())
    )
    (directory / "server.crt").write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    (directory / "server.key").write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.TraditionalOpenSSL,
            serialization.NoEncryption(),
        )
    )


@contextmanager
def postgres_cluster(deadline_s: float = 60) -> Iterator[Postgres]:
    """initdb + pg_ctl in a temporary directory (as ``postgres`` via runuser when running as root)."""
    bindir = postgres_bindir()
    if bindir is None:
        missing("PostgreSQL server (initdb, pg_ctl)", "apt-get install postgresql")
    assert bindir is not None
    run_as: tuple[str, ...] = ()
    base = Path(tempfile.mkdtemp(prefix="aiinfra-pg-"))
    if os.geteuid() == 0:
        run_as = ("runuser", "-u", "postgres", "--")
        shutil.chown(base, "postgres", "postgres")
    data, password = base / "data", "pg-" + os.urandom(8).hex()
    pwfile = base / "pw"
    pwfile.write_text(password + "\n")
    if run_as:
        shutil.chown(pwfile, "postgres", "postgres")
    port = free_port()

    def run(*argv: str) -> None:
        subprocess.run([*run_as, *argv], check=True, capture_output=True, timeout=deadline_s)

    try:
        run(
            str(bindir / "initdb"),
            "-D",
            str(data),
            "-U",
            "postgres",
            "-A",
            "scram-sha-256",
            f"--pwfile={pwfile}",
        )
        _self_signed(data)
        if run_as:
            for f in ("server.crt", "server.key"):
                shutil.chown(data / f, "postgres", "postgres")
        (data / "server.key").chmod(0o600)
        options = f"-p {port} -k {base} -c listen_addresses=127.0.0.1 -c ssl=on"
        run(str(bindir / "pg_ctl"), "-D", str(data), "-l", str(base / "log"), "-o", options, "-w", "start")
        try:
            yield Postgres(port, password, bindir, run_as)
        finally:
            run(str(bindir / "pg_ctl"), "-D", str(data), "-m", "fast", "-w", "stop")
    finally:
        shutil.rmtree(base, ignore_errors=True)


# --- moto S3 ------------------------------------------------------------------------------------------


@contextmanager
def moto_s3() -> Iterator[str]:
    """moto's server on 127.0.0.1 in this process; yields its endpoint URL."""
    from moto.server import ThreadedMotoServer

    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    try:
        wait_for_port(port, 30)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.stop()


def group_pss_bytes(pgid: int) -> int:
    """Proportional set size of every process in group ``pgid`` (Linux ``smaps_rollup``): what the
    container's memory cgroup would be charged, without double-counting shared pages."""
    total = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            if int(fields[2]) != pgid:  # field 5 of /proc/<pid>/stat: the process group
                continue
            rollup = (stat.parent / "smaps_rollup").read_text()
        except (OSError, IndexError, ValueError):
            continue  # the process ended meanwhile
        total += sum(int(line.split()[1]) * 1024 for line in rollup.splitlines() if line.startswith("Pss:"))
    return total


@contextmanager
def process(
    argv: Sequence[str], env: dict[str, str], port: int, log: Path, deadline_s: float
) -> Iterator[subprocess.Popen]:
    """Start ``argv`` (its own process group), wait for ``port``, yield the process; stop it (TERM,
    then KILL) on exit."""
    with log.open("wb") as out:
        proc = subprocess.Popen(argv, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        try:
            wait_for_port(port, deadline_s, proc)
        except (RuntimeError, TimeoutError) as e:
            raise AssertionError(f"{e}\n--- {log.name} ---\n{log.read_text(errors='replace')[-4000:]}") from e
        yield proc
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, 15)
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, 9)
                proc.wait(timeout=20)
