"""The scripts tests/test_browser_map_a11y.py runs in the page, apart so that the tests read as
tests: finding a point on a shape, testing where the council panel and a focused control are,
and whether a table's cells sit under their headings."""

# A point of each shape where the shape itself is under the pointer (a shape's middle may lie in
# another council: a ring around a town), or null when none of a grid over it is.
VISIBLE_POINT = """(path) => {
  const box = path.getBoundingClientRect();
  for (const fy of [0.5, 0.3, 0.7, 0.1, 0.9, 0.2, 0.4, 0.6, 0.8]) {
    for (const fx of [0.5, 0.3, 0.7, 0.1, 0.9, 0.2, 0.4, 0.6, 0.8]) {
      const x = box.left + box.width * fx, y = box.top + box.height * fy;
      if (x < 0 || y < 0 || x >= innerWidth || y >= innerHeight) continue;
      if (document.elementFromPoint(x, y) === path) return {x, y};
    }
  }
  return null;
}"""

INSIDE = """() => {
  const map = document.getElementById('map').getBoundingClientRect();
  const info = document.getElementById('map-info').getBoundingClientRect();
  return info.width > 0 && info.left >= map.left && info.right <= map.right
    && info.top >= map.top && info.bottom <= map.bottom;
}"""

ACTIVE = """(() => {
  const e = document.activeElement;
  return `${e.tagName.toLowerCase()}${e.id ? '#' + e.id : ''} ${e.textContent.trim().slice(0, 40)}`;
})()"""

ACTIVE_IN_SIGHT = """(() => {
  const e = document.activeElement, b = e.getClientRects()[0];
  return e.contains(document.elementFromPoint(b.left + b.width / 2, b.top + b.height / 2));
})()"""

# A link's name may wrap: the middle of its first line box is surely on it.
COVERED = """(controls) => controls.map((control) => {
  control.focus();
  const box = control.getClientRects()[0];
  const hit = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
  return control.contains(hit) ? null : control.textContent.trim();
}).filter(Boolean)"""

LINED_UP = """(table) => {
  const headings = [...table.tHead.rows[0].cells].map((c) => c.getBoundingClientRect());
  return [...table.tBodies[0].rows].flatMap((row) => [...row.cells].map((cell, i) => {
    const box = cell.getBoundingClientRect(), heading = headings[i];
    const same = heading && Math.abs(box.left - heading.left) < 1
      && Math.abs(box.right - heading.right) < 1;
    return same ? null : `${row.cells[0].textContent}: cell ${i + 1}`;
  })).filter(Boolean).concat([...table.tBodies[0].rows]
    .filter((r) => r.cells.length !== headings.length).map((r) => r.cells[0].textContent));
}"""
