// The map by keyboard: one tab stop (the map itself) instead of one per council. There the
// arrow keys move to the nearest council in that direction, Enter opens the council's page,
// + and - zoom, and Escape closes the figures. Each council reached is announced (map.js says
// how) and shown in the map's panel.
//
// Issue 15: Tab used to stop on each of 300 shapes, in data order, with no names. The table
// under the map remains the full equivalent; this is for those who want the map itself.

const DIRECTIONS = {
  ArrowRight: [1, 0],
  ArrowLeft: [-1, 0],
  ArrowUp: [0, -1],
  ArrowDown: [0, 1],
};

// The nearest council in a direction from `from` (screen points): the one with the least
// distance along it plus twice its distance across, among those ahead. A council straight to
// the east beats a nearer one to the north-east for the right arrow.
export function nearestInDirection(from, points, [dx, dy]) {
  let best = null;
  let bestScore = Infinity;
  for (const point of points) {
    const vx = point.x - from.x;
    const vy = point.y - from.y;
    const along = vx * dx + vy * dy;
    if (along <= 0.5) continue;
    const score = along + 2 * Math.abs(vx * dy - vy * dx);
    if (score < bestScore) {
      bestScore = score;
      best = point;
    }
  }
  return best;
}

// `current()` is the code shown, `show(code)` shows one, `open(code)` opens its page,
// `hide()` closes the figures.
export function addMapKeys(map, layer, { current, show, open, hide }) {
  const container = map.getContainer();
  container.tabIndex = 0;

  function points() {
    return layer.centres().map(({ code, latLng }) => ({ code, latLng, ...map.latLngToContainerPoint(latLng) }));
  }

  // The first arrow picks the council nearest the middle of the map.
  function move(direction) {
    const all = points();
    if (!all.length) return;
    const code = current();
    const here = code && layer.has(code) ? all.find((p) => p.code === code) : null;
    let next;
    if (!here) {
      const middle = map.getSize().divideBy(2);
      next = all.reduce((a, b) => (middle.distanceTo(b) < middle.distanceTo(a) ? b : a));
    } else {
      next = nearestInDirection(here, all, direction);
    }
    if (!next) return; // nothing further that way: stay
    map.panInside(next.latLng, { padding: [48, 48], animate: false });
    show(next.code);
  }

  container.addEventListener("keydown", (event) => {
    if (event.target !== container || event.altKey || event.ctrlKey || event.metaKey) return;
    if (event.key in DIRECTIONS) move(DIRECTIONS[event.key]);
    else if (event.key === "Enter" && current()) open(current());
    else if (event.key === "+" || event.key === "=") map.zoomIn();
    else if (event.key === "-" || event.key === "_") map.zoomOut();
    else if (event.key === "Escape") hide();
    else return;
    event.preventDefault();
  });
  container.addEventListener("focusout", (event) => {
    // Focus moving into the panel (its link or close button) keeps the council shown.
    if (!container.contains(event.relatedTarget)) hide({ source: "keyboard" });
  });
}
