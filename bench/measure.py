"""Timing helpers for the benchmark: medians of repeated runs, HTTP on loopback, wrk, and child
processes' peak memory."""

from __future__ import annotations

import http.client
import json
import os
import re
import statistics
import subprocess
import tempfile
import time
from collections.abc import Callable


def median_ms(action: Callable[[], object], *, repeat: int = 9, warmup: int = 1) -> float:
    for _ in range(warmup):
        action()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


class Client:
    """A keep-alive HTTP/1.1 client to the benchmark server."""

    def __init__(self, host: str, port: int):
        self.host, self.port = host, port
        self.connection = http.client.HTTPConnection(host, port, timeout=60)

    def get(self, path: str, headers: dict | None = None) -> tuple[int, bytes, dict]:
        try:
            self.connection.request("GET", path, headers=headers or {})
            response = self.connection.getresponse()
        except (http.client.HTTPException, ConnectionError):
            self.connection.close()
            self.connection = http.client.HTTPConnection(self.host, self.port, timeout=60)
            self.connection.request("GET", path, headers=headers or {})
            response = self.connection.getresponse()
        body = response.read()
        return response.status, body, dict(response.getheaders())

    def timed(self, path: str, headers: dict | None = None) -> float:
        start = time.perf_counter()
        status, _, _ = self.get(path, headers)
        elapsed = (time.perf_counter() - start) * 1000
        if status != 200:
            raise RuntimeError(f"GET {path} answered {status}")
        return elapsed


def wrk_rps(
    url: str, *, headers: tuple[str, ...] = (), seconds: int = 4, connections: int = 16
) -> float:
    """Requests per second that wrk reaches, gzip accepted (as browsers do), with any further
    request headers (a conditional GET's If-None-Match)."""
    command = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "-H", "Accept-Encoding: gzip"]
    for header in headers:
        command += ["-H", header]
    out = subprocess.run([*command, url], capture_output=True, text=True, check=True).stdout
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    if errors:
        raise RuntimeError(f"wrk saw {errors.group(1)} error responses from {url}")
    return float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))


def wrk_latency(
    url: str, *, seconds: int = 10, connections: int = 10, paths: list[str] | None = None
) -> tuple[float, float]:
    """Requests per second and the 99th percentile latency in ms under `connections` clients:
    of `url` again and again, or, given `paths`, of each path of `url`'s server in turn."""
    command = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", url]
    with tempfile.NamedTemporaryFile("w", suffix=".lua") as script:
        if paths:
            script.write(_WRK_PATHS % ", ".join(json.dumps(path) for path in paths))
            script.flush()
            command += ["-s", script.name]
        out = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    if errors:
        raise RuntimeError(f"wrk saw {errors.group(1)} error responses from {url}")
    value, unit = re.search(r"^\s+99%\s+([\d.]+)(us|ms|s)\s*$", out, re.MULTILINE).groups()
    p99 = float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit]
    return float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)), p99


# wrk's script for a list of paths: each of its threads takes the next in turn, the second from
# half-way along the list, so that the two do not ask for the same paths at the same time.
_WRK_PATHS = """paths = {%s}
started = 0
function setup(thread)
  thread:set("offset", started * math.floor(#paths / 2))
  started = started + 1
end
counter = 0
request = function()
  counter = counter + 1
  return wrk.format("GET", paths[((counter + offset) %% #paths) + 1])
end
"""


def record_share(record, name: str, rps: float, baseline: float, of: str, share=0.5) -> None:
    """A throughput row whose target is a share of a baseline's rate from the same run."""
    record(
        name,
        rps,
        "/s",
        share,
        baseline=baseline,
        ratio=rps / baseline,
        passed=rps / baseline >= share,
        note=f"target: at least {share} of {of}",
    )


def run_measured(command: list[str], env: dict) -> tuple[float, float, str]:
    """Run a child process; its wall time in seconds, peak memory in MB and its output."""
    start = time.perf_counter()
    process = subprocess.Popen(
        command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    output = process.stdout.read()
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    elapsed = time.perf_counter() - start
    if process.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed:\n{output[-3000:]}")
    return elapsed, usage.ru_maxrss / 1024, output
