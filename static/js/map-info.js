// The map's information panel: the figures of the council pointed at, tapped, reached with the
// arrow keys or picked in the table, in one fixed place inside the map (its top right corner,
// over the sea at the map's first view; along its foot on a phone) instead of a tooltip beside
// the pointer.
//
// Issue 15 found the floating tooltips failing WCAG 1.4.13: they ran off the top of the map,
// closed when the pointer moved onto them and could not be dismissed. A panel that is part of
// the map cannot leave it, stays while the pointer moves onto it (it is only replaced by another
// council or closed), closes with Escape or its close button, and has room for a link to the
// council's page, which is what a touch screen's first tap shows.

import { el } from "./dom.js";

export class InfoPanel {
  // `onClose()` is told when the reader closes the panel (Escape or the button).
  constructor(map, { onClose }) {
    this.code = null;
    this.source = null; // what showed it: "pointer", "touch", "keyboard", "table" or "search"
    this.onClose = onClose;
    this.body = el("div", { className: "map-info__body" });
    this.link = el("a", { className: "map-info__link" });
    this.closeButton = el("button", { type: "button", className: "map-info__close", "aria-label": "Close the council's figures" }, [
      el("span", { "aria-hidden": "true", text: "×" }),
    ]);
    this.map = map;
    this.element = el("div", { id: "map-info", className: "map-info", hidden: true }, [
      this.closeButton,
      this.body,
      el("p", { className: "map-info__more" }, [this.link]),
    ]);
    this.closeButton.addEventListener("click", () => this.close());
    // Clicks, drags and the wheel on the panel are the panel's, not the map's.
    L.DomEvent.disableClickPropagation(this.element);
    L.DomEvent.disableScrollPropagation(this.element);
    map.getContainer().append(this.element);
  }

  get shown() {
    return this.code !== null;
  }

  // `content` is the node of map-tooltip.js's tooltipContent; `name` and `url` the council's.
  show(code, { content, name, url, source }) {
    this.code = code;
    this.source = source;
    this.body.replaceChildren(content);
    this.link.textContent = `Open ${name}'s page`;
    this.link.href = url;
    this.element.hidden = false;
  }

  hide() {
    if (!this.shown) return;
    this.code = null;
    this.source = null;
    this.element.hidden = true;
    this.body.replaceChildren();
  }

  // How much of the map's right side the panel takes where it stands in the top right corner
  // (0 where it runs along the foot, on a phone): the first view of the map leaves that much
  // clear, so that no council lies under the panel, out of the pointer's reach.
  reservedWidth() {
    const { element } = this;
    const wasHidden = element.hidden;
    element.classList.add("map-info--measuring");
    element.hidden = false;
    const style = getComputedStyle(element);
    const corner = style.getPropertyValue("--map-info-place").trim() === "corner";
    const width = corner ? element.offsetWidth + parseFloat(style.right) : 0;
    element.hidden = wasHidden;
    element.classList.remove("map-info--measuring");
    return width;
  }

  // Pan the map, as little as it takes, so that `latLng` (the council shown) is not under the
  // panel: a council tapped or reached by keyboard stays in sight beside its figures.
  keepClear(latLng) {
    if (!this.shown || !latLng) return;
    const margin = 24;
    const point = this.map.latLngToContainerPoint(latLng);
    const box = this.element.getBoundingClientRect();
    const origin = this.map.getContainer().getBoundingClientRect();
    const left = box.left - origin.left;
    const top = box.top - origin.top;
    const bottom = top + box.height;
    const inside = point.x > left - margin && point.y > top - margin && point.y < bottom + margin;
    if (!inside) return;
    const shifts = [
      [0, point.y - (top - margin)], // above the panel
      [0, point.y - (bottom + margin)], // below it
      [point.x - (left - margin), 0], // to its left
    ].filter(([x, y]) => {
      const size = this.map.getSize();
      return point.x - x > 0 && point.y - y > 0 && point.y - y < size.y;
    });
    if (!shifts.length) return;
    const least = shifts.reduce((a, b) => (Math.hypot(...b) < Math.hypot(...a) ? b : a));
    this.map.panBy(least, { animate: false });
  }

  close() {
    const focusWasInside = this.element.contains(document.activeElement);
    this.hide();
    this.onClose(focusWasInside);
  }
}
