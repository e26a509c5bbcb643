"""`make load` (`python -m bench.load`): gunicorn with 2 workers on loopback, 50 concurrent
clients for 60 s across the map, council pages and the API (wrk), on the sample data. Prints
requests/s, p50, p99 and errors, and fails unless there are no errors and p99 is under 1 s.

`make load-mix` (`--mix`) is the same against PostgreSQL and Redis (a database and a Redis
database of its own), with the decisions list (first, deep and filtered pages, a search) in
the mix; then four clients download every decision as CSV at once while /healthz is asked ten
times a second, and it fails unless the slowest health answer is under 200 ms.

The anonymous API throttle is lifted for the run: 50 clients from one address would otherwise be
throttled by design (the throttle has its own test)."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import tempfile
from pathlib import Path
from urllib.parse import quote

from bench.server import gunicorn_start

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
SECONDS = int(os.environ.get("LOAD_SECONDS", "60"))
CLIENTS = int(os.environ.get("LOAD_CLIENTS", "50"))


MIX_DATABASE = "ombudsman_load"
MIX_REDIS = "redis://127.0.0.1:6379/13"
HEALTH_LIMIT_MS = 200


def main(mix: bool = False) -> int:
    work = Path(tempfile.mkdtemp(prefix="ombudsman-load-"))
    env = {
        **os.environ,
        "DATABASE_URL": os.environ.get("LOAD_DATABASE_URL", f"sqlite:///{work}/load.sqlite3"),
        "API_ANON_RATE": "100000000/minute",
        "DEBUG": "0",
        # Files of the run's own: a database made anew numbers its data versions from the
        # start again, and an export file left by an earlier run would be taken for its own.
        "EXPORT_ROOT": str(work / "exports"),
        "IMPORT_ROOT": str(work / "imports"),
    }
    if mix:
        env.update(_mix_services())
    run = lambda *args: subprocess.run(  # noqa: E731
        [PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL
    )
    print("setting up the sample data ...", flush=True)
    run("migrate", "--noinput")
    run("load_initial_data")
    paths = _paths(env) + (MIX_PATHS if mix else [])
    script = work / "paths.lua"
    script.write_text(_lua(paths))
    server, port = gunicorn_start(env)
    try:
        print(f"{CLIENTS} clients for {SECONDS} s over {len(paths)} URLs ...", flush=True)
        out = subprocess.run(
            [
                "wrk",
                "-t2",
                f"-c{CLIENTS}",
                f"-d{SECONDS}s",
                "--latency",
                "--timeout",
                "10s",
                "-s",
                str(script),
                f"http://127.0.0.1:{port}",
            ],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        health_ms = _health_under_downloads(port) if mix else None
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out)[1])
    total = int(re.search(r"(\d+) requests in", out)[1])
    p50 = _ms(re.search(r"50%\s+([\d.]+\w+)", out)[1])
    p99 = _ms(re.search(r"99%\s+([\d.]+\w+)", out)[1])
    non2xx = int((re.search(r"Non-2xx or 3xx responses: (\d+)", out) or [0, 0])[1])
    socket_errors = sum(int(n) for n in re.findall(r"(?:connect|read|write|timeout) (\d+)", out))
    errors = non2xx + socket_errors
    print(f"requests: {total}, {rps:.0f}/s; p50 {p50:.1f} ms, p99 {p99:.1f} ms; errors {errors}")
    ok = errors == 0 and p99 < 1000
    if health_ms is not None:
        print(f"/healthz during four full CSV downloads: slowest {health_ms:.1f} ms")
        ok = ok and health_ms < HEALTH_LIMIT_MS
    print("load: pass" if ok else "load: FAIL (needs zero errors, p99 under 1 s, /healthz fast)")
    return 0 if ok else 1


# The decisions list as readers page through it: the first page, a deep one, filters, a search.
MIX_PATHS = [
    "/api/decisions/",
    "/api/decisions/?page=40",
    "/api/decisions/?year=2023-24&outcome=upheld",
    "/api/decisions/?category=Housing&year=2022-23",
    "/api/decisions/?q=noise",
    "/api/recommendations/?year=2023-24",
]


def _mix_services() -> dict:
    """A PostgreSQL database and a Redis database of the run's own, emptied first."""
    import redis

    from bench.config import SERVER
    from bench.databases import database_recreate

    database_recreate(MIX_DATABASE)
    redis.Redis.from_url(MIX_REDIS).flushdb()
    return {"DATABASE_URL": f"{SERVER}/{MIX_DATABASE}", "REDIS_URL": MIX_REDIS}


def _health_under_downloads(port: int, downloads: int = 4) -> float:
    """The slowest /healthz answer, in ms, asked every 0.1 s while `downloads` clients each
    read the whole decisions CSV."""
    import http.client
    import threading
    import time

    def download():
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        connection.request("GET", "/api/decisions/?format=csv")
        response = connection.getresponse()
        while response.read(1 << 16):
            pass

    # The file is written by the first download after a change (seconds of work, once); the
    # four then read it, as every download until the next change does.
    started = time.perf_counter()
    download()
    print(f"first download after a change (writes the file): {time.perf_counter() - started:.1f} s")
    clients = [threading.Thread(target=download) for _ in range(downloads)]
    for client in clients:
        client.start()
    slowest = 0.0
    while any(client.is_alive() for client in clients):
        started = time.perf_counter()
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        connection.request("GET", "/healthz")
        connection.getresponse().read()
        slowest = max(slowest, (time.perf_counter() - started) * 1000)
        time.sleep(0.1)
    return slowest


def _paths(env: dict) -> list[str]:
    code = (
        "import django, os;"
        "os.environ.setdefault('DJANGO_SETTINGS_MODULE','ombudsman.settings.local');"
        "django.setup();"
        "from councils.models import Council, Postcode;"
        "print('\\n'.join(Council.objects.order_by('?').values_list('slug', flat=True)[:40]));"
        "print('--');"
        "print('\\n'.join(Postcode.objects.order_by('?').values_list('postcode', flat=True)[:20]))"
    )
    out = subprocess.run(
        [PYTHON, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    ).stdout
    slugs, postcodes = out.split("--")
    paths = [
        "/",
        "/?year=2021-22&stat=compliance_rate&tier=upper",
        "/councils/",
        "/about/data/",
        "/api/map/?year=2022-23&tier=lower",
        "/api/map/?year=2023-24&tier=upper",
        "/api/statistics/?year=2022-23",
        "/api/averages/?year=2022-23",
        "/api/councils/E07000098/statistics/",
        "/api/decisions/?council=E07000098&year=2022-23",
        "/api/councils/",
    ]
    paths += [f"/councils/{slug}/" for slug in slugs.split()]
    paths += [f"/api/lookup/?postcode={quote(code)}" for code in postcodes.split()]
    return paths


def _lua(paths: list[str]) -> str:
    quoted = ",\n".join(f'  "{p}"' for p in paths)
    return (
        "local paths = {\n" + quoted + "\n}\nlocal i = 0\n"
        "request = function()\n  i = i + 1\n"
        '  return wrk.format("GET", paths[(i % #paths) + 1], {["Accept-Encoding"] = "gzip"})\n'
        "end\n"
    )


def _ms(text: str) -> float:
    value, unit = re.match(r"([\d.]+)(\w+)", text).groups()
    return float(value) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60000}[unit]


if __name__ == "__main__":
    sys.exit(main(mix="--mix" in sys.argv[1:]))
