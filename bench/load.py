"""`make load` (`python -m bench.load`): gunicorn with 2 workers on loopback, 50 concurrent
clients for 60 s across the map, council pages and the API (wrk), on the sample data. Prints
requests/s, p50, p99 and errors, and fails unless there are no errors and p99 is under 1 s.

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


def main() -> int:
    work = Path(tempfile.mkdtemp(prefix="ombudsman-load-"))
    env = {
        **os.environ,
        "DATABASE_URL": os.environ.get("LOAD_DATABASE_URL", f"sqlite:///{work}/load.sqlite3"),
        "API_ANON_RATE": "100000000/minute",
        "DEBUG": "0",
    }
    run = lambda *args: subprocess.run(  # noqa: E731
        [PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL
    )
    print("setting up the sample data ...", flush=True)
    run("migrate", "--noinput")
    run("load_initial_data")
    paths = _paths(env)
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
    print("load: pass" if ok else "load: FAIL (needs zero errors and p99 under 1 s)")
    return 0 if ok else 1


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
    sys.exit(main())
