"""Lighthouse for `make bench-web`: its performance score of a page, with its default (mobile)
settings: a mid-range phone's screen, simulated slow 4G and a CPU four times slower.

Lighthouse is an npm package, not a Python one: it is installed from the npm registry into
var/lighthouse (ignored by git) the first time, and runs the system Chromium (CHROME_PATH)
with the flags the browser tests use. When it cannot be installed or run, the bench says why
instead of giving a score."""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
from pathlib import Path

from bench.config import ROOT
from tests.browser import ARGS, CHROMIUM

FOLDER = ROOT / "var" / "lighthouse"
BINARY = FOLDER / "node_modules" / ".bin" / "lighthouse"
RUNS = int(os.environ.get("LIGHTHOUSE_RUNS", "3"))
# What the score is made of, to say where a low one comes from.
AUDITS = (
    "first-contentful-paint",
    "largest-contentful-paint",
    "total-blocking-time",
    "cumulative-layout-shift",
    "speed-index",
)


class Unavailable(Exception):
    """Lighthouse could not be installed or run; the message says why."""


def _installed(log) -> Path:
    if BINARY.exists():
        return BINARY
    if not shutil.which("npm"):
        raise Unavailable("npm is not installed, so Lighthouse (an npm package) cannot be")
    log(f"installing Lighthouse from the npm registry into {FOLDER.relative_to(ROOT)}")
    FOLDER.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(
        ["npm", "install", "--no-audit", "--no-fund", "--prefix", str(FOLDER), "lighthouse"],
        capture_output=True,
        text=True,
        timeout=900,
    )
    if done.returncode != 0 or not BINARY.exists():
        raise Unavailable(f"npm install lighthouse failed: {done.stderr.strip()[-500:]}")
    return BINARY


def _once(binary: Path, url: str, out: Path) -> dict:
    flags = " ".join(["--headless=new", *ARGS])
    done = subprocess.run(
        [
            str(binary),
            url,
            "--only-categories=performance",
            "--output=json",
            f"--output-path={out}",
            "--quiet",
            f"--chrome-flags={flags}",
        ],
        env={**os.environ, "CHROME_PATH": str(CHROMIUM)},
        capture_output=True,
        text=True,
        timeout=300,
    )
    if done.returncode != 0 or not out.exists():
        raise Unavailable(f"lighthouse exited {done.returncode}: {done.stderr.strip()[-500:]}")
    report = json.loads(out.read_text())
    if report.get("runtimeError"):
        raise Unavailable(f"lighthouse could not measure the page: {report['runtimeError']}")
    score = report["categories"]["performance"]["score"]
    if score is None:
        raise Unavailable("lighthouse gave no performance score")
    return {
        "score": score * 100,
        "version": report.get("lighthouseVersion"),
        "audits": {name: report["audits"][name]["numericValue"] for name in AUDITS},
    }


def lighthouse(url: str, work: Path, log) -> dict:
    """{"score": median of RUNS, "runs": [...], "version": ...}; raises Unavailable."""
    binary = _installed(log)
    runs = []
    for n in range(RUNS):
        log(f"Lighthouse run {n + 1} of {RUNS}: {url}")
        runs.append(_once(binary, url, work / f"lighthouse-{n}.json"))
    return {
        "score": statistics.median(run["score"] for run in runs),
        "version": runs[0]["version"],
        "audits": {name: statistics.median(run["audits"][name] for run in runs) for name in AUDITS},
        "runs": runs,
    }
