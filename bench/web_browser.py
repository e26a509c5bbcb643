"""What `make bench-web` measures in the browser: one page's visits in Chromium through
Playwright, cold and warm, on a desktop and on a slow phone.

Definitions (each visit; times from the navigation's start, in the page's own clock):

- *drawn*: the moment #map gets its data-state attribute with every council's shape (one SVG
  path per feature of the boundary file) in the map's overlay pane. The map page sets it once
  every shape has its colour; the baseline page does the same (bench/web_baseline/map.js). A
  visit that sets it with fewer shapes fails the run.
- *long tasks*: what a PerformanceObserver for 'longtask', added before any of the page's
  scripts (an init script), sees from the navigation until the page has been quiet (no long
  task or long frame, no request) for QUIET_MS after it was drawn.
- *long frames*: what an observer for 'long-animation-frame' sees over the same time. Chromium
  reports a task of style, layout and paint alone (laying out a big table, say) as no long
  task; a long animation frame covers it, and the tasks run in the frame.
- *time to usable*: the latest of drawn, the end of the last long task and the end of the last
  long frame: the shapes are all there and the main thread is free to answer the reader.
- *total blocking time*: the sum over the long tasks of their time beyond 50 ms.
- *transferred bytes*: what the network sent for the visit, headers included (the Chrome
  DevTools protocol's encodedDataLength of every finished request); a file from the browser's
  cache counts 0, a revalidation its 304's headers.

A cold visit is the first in a new browser context (empty cache); a warm one the second visit to
the same URL in the same tab.
"""

from __future__ import annotations

import statistics
import time

from tests.browser import DESKTOP, PHONE

QUIET_MS = 1500
TIMEOUT_S = 60

# The slow phone: 1.6 Mbps down, 750 kbps up, 150 ms latency, a CPU four times slower.
PROFILES = {
    "desktop": {"context": {"viewport": DESKTOP}, "network": None, "cpu": 1},
    "slow phone": {
        "context": {
            "viewport": PHONE,
            "device_scale_factor": 2,
            "is_mobile": True,
            "has_touch": True,
        },
        "network": {
            "offline": False,
            "latency": 150,
            "downloadThroughput": 1_600_000 / 8,
            "uploadThroughput": 750_000 / 8,
        },
        "cpu": 4,
    },
}

# DevTools' counters of main-thread time, reported beside the rows to say where time went.
MAIN_THREAD = ("ScriptDuration", "LayoutDuration", "RecalcStyleDuration")

OBSERVER = """
(() => {
  const bench = { longTasks: [], longFrames: [], drawn: null, shapes: 0 };
  window.__bench = bench;
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) bench.longTasks.push([entry.startTime, entry.duration]);
  }).observe({ type: "longtask", buffered: true });
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) bench.longFrames.push([entry.startTime, entry.duration]);
  }).observe({ type: "long-animation-frame", buffered: true });
  new MutationObserver((records, observer) => {
    const map = document.getElementById("map");
    if (!map || !map.dataset.state) return;
    bench.drawn = performance.now();
    bench.shapes = map.querySelectorAll(".leaflet-overlay-pane path").length;
    observer.disconnect();
  }).observe(document, { subtree: true, attributes: true, attributeFilter: ["data-state"] });
})();
"""

DRAWN = "() => Boolean(window.__bench && window.__bench.drawn)"

SNAPSHOT = """() => ({
  now: performance.now(),
  drawn: window.__bench.drawn,
  shapes: window.__bench.shapes,
  longTasks: window.__bench.longTasks,
  longFrames: window.__bench.longFrames,
  elements: document.getElementsByTagName("*").length,
  html: performance.getEntriesByType("navigation")[0].transferSize,
})"""


class Visitor:
    """A tab in a context of its own, throttled as its profile says, that counts the bytes the
    network sends it."""

    def __init__(self, browser, profile: dict):
        self.context = browser.new_context(**profile["context"])
        self.context.add_init_script(OBSERVER)
        self.page = self.context.new_page()
        self.cdp = self.context.new_cdp_session(self.page)
        self.cdp.send("Network.enable")
        self.cdp.send("Performance.enable")
        if profile["network"]:
            self.cdp.send("Network.emulateNetworkConditions", profile["network"])
        if profile["cpu"] > 1:
            self.cdp.send("Emulation.setCPUThrottlingRate", {"rate": profile["cpu"]})
        self.bytes = 0
        self.cdp.on("Network.loadingFinished", self._finished)

    def _finished(self, event):
        self.bytes += event["encodedDataLength"]

    def _main_thread(self) -> dict:
        found = self.cdp.send("Performance.getMetrics")["metrics"]
        metrics = {metric["name"]: metric["value"] for metric in found}
        return {name: metrics.get(name, 0.0) for name in MAIN_THREAD}

    def visit(self, url: str, shapes: int) -> dict:
        self.bytes = 0
        self.page.goto(url, wait_until="commit")
        # Asked from here every 0.1 s rather than with wait_for_selector, whose polling inside
        # the page would add its own work to the page's main thread.
        deadline = time.monotonic() + TIMEOUT_S
        while not self.page.evaluate(DRAWN):
            if time.monotonic() > deadline:
                raise RuntimeError(f"{url} was not drawn in {TIMEOUT_S} s")
            time.sleep(0.1)
        self.page.wait_for_load_state("networkidle", timeout=TIMEOUT_S * 1000)
        while True:
            seen = self.page.evaluate(SNAPSHOT)
            busy = seen["longTasks"] + seen["longFrames"]
            last_end = max((start + length for start, length in busy), default=0)
            if seen["now"] - max(seen["drawn"], last_end) >= QUIET_MS:
                break
            if time.monotonic() > deadline:
                raise RuntimeError(f"{url} did not settle in {TIMEOUT_S} s")
            time.sleep(0.2)
        if seen["shapes"] != shapes:
            raise RuntimeError(f"{url} drew {seen['shapes']} shapes of {shapes}")
        main_thread = self._main_thread()  # DevTools' counters start again with each document
        return {
            "usable_ms": max(seen["drawn"], last_end),
            "drawn_ms": seen["drawn"],
            "tbt_ms": sum(max(0.0, length - 50) for _, length in seen["longTasks"]),
            "long_tasks": len(seen["longTasks"]),
            "long_frames": len(seen["longFrames"]),
            "longest_task_ms": max((length for _, length in seen["longTasks"]), default=0),
            "bytes": self.bytes,
            "html_bytes": seen["html"],
            "elements": seen["elements"],
            # Main-thread time by kind over the visit (seconds to ms).
            **{f"{k}_ms": value * 1000 for k, value in main_thread.items()},
        }

    def close(self):
        self.context.close()


def visit_pair(browser, url: str, *, profile: dict, shapes: int) -> dict:
    """A cold visit in a new context and a warm one in the same tab: {"cold": ..., "warm": ...}."""
    visitor = Visitor(browser, profile)
    try:
        return {"cold": visitor.visit(url, shapes), "warm": visitor.visit(url, shapes)}
    finally:
        visitor.close()


def medians(visits: list[dict]) -> dict:
    """Each measure's median over the visits, cold and warm apart."""
    return {
        kind: {key: statistics.median(v[kind][key] for v in visits) for key in visits[0][kind]}
        for kind in ("cold", "warm")
    }
