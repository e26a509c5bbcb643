// The search box on the map page. What a name finds is the server's to say (/api/councils/search/,
// councils/search.py: councils with near spellings and short forms, former councils with their
// successors, towns and villages with their councils), asked as you type and on Enter; postcodes
// go to /api/lookup/, and "use my location" where the browser offers it. Without this script the
// form still works: it submits to /councils/, which runs the same search.

import { el } from "./dom.js";

const POSTCODE = /^[A-Z]{1,2}[0-9][A-Z0-9]?\s*[0-9][A-Z]{2}$/i;
// A decision's reference, as decisions/forms.py normalise_reference reads one (22 004 123,
// 22-004-123, 17 002 402b): the form is left to submit, and /councils/ sends it on to the decision.
const REFERENCE = /^[0-9]{2}[\s-]*[0-9]{3}[\s-]*[0-9]{3}\s*[A-Za-z]?$/;
const TYPING_PAUSE_MS = 200;
// What the browser's GeolocationPositionError codes mean to a reader (its own message is for
// developers, in whatever words the browser chose).
const LOCATION_ERRORS = {
  1: "This site was not allowed to know your location. Type a postcode, a town or a council's name instead.",
  2: "Your device could not tell where you are. Type a postcode, a town or a council's name instead.",
  3: "Finding your location took too long. Try again, or type a postcode instead.",
};

function plural(n, one, many) {
  return `${n} ${n === 1 ? one : many}`;
}

export function setupSearch({ urls, types, getYear, onFocusCouncil, onFound }) {
  const form = document.getElementById("search");
  const input = document.getElementById("search-input");
  const results = document.getElementById("search-results");
  const status = document.getElementById("search-status");
  const error = document.getElementById("search-error");
  const locate = document.getElementById("locate");
  const describedBy = input.getAttribute("aria-describedby") || "";
  let timer = null;
  let generation = 0;

  function pageUrl(council) {
    const url = new URL(council.page_url, window.location.href);
    url.searchParams.set("year", getYear());
    return url.pathname + url.search;
  }

  function councilLink(council, text) {
    return el("a", { href: pageUrl(council), dataset: { gss: council.gss_code } }, [text || council.short_name]);
  }

  function councilList(councils) {
    const list = el("ul");
    for (const council of councils) {
      list.append(el("li", {}, [councilLink(council), ` (${types[council.authority_type] || ""})`]));
    }
    return list;
  }

  // The server's sentence about a former council, with the councils it names made links.
  function linkedSentence(former) {
    const parts = [];
    let rest = former.text;
    const skip = rest.indexOf(former.council.name) === 0 ? former.council.name.length : 0;
    parts.push(rest.slice(0, skip));
    rest = rest.slice(skip);
    const seen = new Set();
    for (const council of [...former.replaced_by, ...former.successors]) {
      if (seen.has(council.gss_code)) continue;
      seen.add(council.gss_code);
      const at = rest.indexOf(council.name);
      if (at < 0) continue;
      parts.push(rest.slice(0, at), councilLink(council, council.name));
      rest = rest.slice(at + council.name.length);
    }
    parts.push(rest);
    return el("li", {}, parts);
  }

  function place(hit) {
    const children = [`${hit.name} (${hit.kind}) is in `];
    hit.councils.forEach((council, i) => {
      if (i) children.push(" and ");
      children.push(councilLink(council));
    });
    children.push(".");
    return el("li", {}, children);
  }

  // Results below the fold (on a phone the box sits near the bottom of the first screen) are
  // brought up to where the reader is looking.
  function reveal() {
    const box = results.getBoundingClientRect();
    if (box.height && (box.bottom > window.innerHeight || box.top < 0)) {
      results.scrollIntoView({ block: "nearest" });
    }
  }

  function show(children, announcement) {
    results.replaceChildren(...children);
    status.textContent = announcement;
    reveal();
  }

  function say(text, detail) {
    show([el("p", { text }), detail ? el("p", { text: detail }) : null].filter(Boolean), [text, detail].filter(Boolean).join(" "));
  }

  function clear() {
    results.replaceChildren();
    status.textContent = "";
    fieldError(null);
  }

  // The GOV.UK error message pattern: the message by the field, before it, named by the box's
  // aria-describedby, with "Error:" for screen readers.
  function fieldError(message) {
    if (!message) {
      error.hidden = true;
      error.replaceChildren();
      form.classList.remove("search--error");
      input.removeAttribute("aria-invalid");
      input.setAttribute("aria-describedby", describedBy);
      return;
    }
    error.replaceChildren(el("span", { className: "visually-hidden", text: "Error: " }), message);
    error.hidden = false;
    form.classList.add("search--error");
    input.setAttribute("aria-invalid", "true");
    input.setAttribute("aria-describedby", `${error.id} ${describedBy}`.trim());
  }

  function found(query, body) {
    const children = [];
    const said = [];
    const spelling = body.councils.length && body.councils.every((c) => c.match === "spelling");
    if (spelling) {
      const nearest = body.councils.length === 1 ? "the nearest name is" : "the nearest names are";
      children.push(el("p", { text: `No council is called “${query}”; ${nearest}:` }));
      said.push(`No council is called “${query}”; ${plural(body.councils.length, "near name", "near names")}.`);
    } else if (body.councils.length) {
      const count = body.council_count;
      const more = count > body.councils.length ? ` The first ${body.councils.length} are shown.` : "";
      const text = `${plural(count, "council matches", "councils match")} “${query}”.${more}`;
      children.push(el("p", { text }));
      said.push(text);
    }
    if (body.councils.length) children.push(councilList(body.councils));
    if (body.former.length) {
      children.push(el("p", { text: body.former.length === 1 ? "A former council:" : "Former councils:" }));
      children.push(el("ul", { className: "search-former" }, body.former.map(linkedSentence)));
      said.push(...body.former.map((f) => f.text));
    }
    if (body.places.length) {
      // Near spellings only when no place has the name: say so, as for councils.
      const near = body.places.every((p) => p.match === "spelling");
      const heading = near
        ? `No place is called “${query}”; ${body.places.length === 1 ? "the nearest is" : "the nearest are"}:`
        : `${plural(body.places.length, "place", "places")} called “${query}”:`;
      children.push(el("p", { text: heading }));
      children.push(el("ul", { className: "search-places" }, body.places.map(place)));
      children.push(el("p", { className: "search-attribution", text: body.attribution }));
      said.push(`${plural(body.places.length, "place", "places")} found.`);
    }
    if (!children.length) {
      const text = `No council in ${body.year} matches “${query}”.`;
      return say(text, "Try another spelling, a town or a postcode.");
    }
    show(children, said.join(" "));
  }

  async function byName(query, { go }) {
    const mine = ++generation;
    fieldError(null);
    const params = new URLSearchParams({ q: query, year: getYear() });
    let body;
    try {
      const response = await fetch(`${form.dataset.searchApi}?${params}`, { headers: { Accept: "application/json" } });
      if (!response.ok) throw new Error(`error ${response.status}`);
      body = await response.json();
    } catch (failure) {
      if (mine === generation) say("We could not search the councils just now.", "Try again in a moment.");
      return;
    }
    if (mine !== generation) return;
    const best = body.best && body.councils.find((c) => c.gss_code === body.best);
    if (go && best) {
      window.location.assign(pageUrl(best));
      return;
    }
    found(query, body);
    if (go && !body.councils.length && body.places.length) onFound(body.places[0].councils);
  }

  async function lookup(params, label, { isPostcode = false } = {}) {
    const mine = ++generation;
    params.set("year", getYear());
    fieldError(null);
    say(`Looking up ${label}…`);
    let response;
    let body;
    try {
      response = await fetch(`${urls.lookup}?${params}`, { headers: { Accept: "application/json" } });
      body = await response.json();
    } catch (failure) {
      if (mine === generation) say(`We could not look up ${label} just now.`);
      return;
    }
    if (mine !== generation) return;
    if (!response.ok) {
      const detail = body.detail || Object.values(body).flat().join(" ") || `error ${response.status}`;
      if (isPostcode) {
        results.replaceChildren();
        fieldError(`${detail} Check the postcode, or type your town or council instead.`);
        status.textContent = `Error: ${detail}`;
        return;
      }
      say(`We could not find councils for ${label}.`, detail);
      return;
    }
    const heading = body.councils.length === 1 ? `The council for ${label}:` : `The councils for ${label}:`;
    show([el("p", { text: heading }), councilList(body.councils)], `${heading} ${body.councils.map((c) => c.short_name).join(", ")}.`);
    onFound(body.councils);
  }

  form.addEventListener("submit", (event) => {
    const query = input.value.trim();
    if (REFERENCE.test(query)) return;
    event.preventDefault();
    clearTimeout(timer);
    if (!query) return clear();
    if (POSTCODE.test(query)) lookup(new URLSearchParams({ postcode: query }), query.toUpperCase(), { isPostcode: true });
    else byName(query, { go: true });
  });

  input.addEventListener("input", () => {
    clearTimeout(timer);
    const query = input.value.trim();
    if (query.length < 2 || POSTCODE.test(query) || REFERENCE.test(query)) {
      if (!query) clear();
      return;
    }
    timer = setTimeout(() => byName(query, { go: false }), TYPING_PAUSE_MS);
  });

  // Pointing at or tabbing to a result shows that council on the map.
  for (const type of ["focusin", "mouseover"]) {
    results.addEventListener(type, (event) => {
      const link = event.target.closest("a[data-gss]");
      if (link) onFocusCouncil(link.dataset.gss);
    });
  }

  if ("geolocation" in navigator) {
    locate.hidden = false;
    locate.addEventListener("click", () => {
      fieldError(null);
      say("Finding where you are…");
      navigator.geolocation.getCurrentPosition(
        (position) => {
          const { latitude, longitude } = position.coords;
          const params = new URLSearchParams({ lat: latitude.toFixed(5), lon: longitude.toFixed(5) });
          lookup(params, "your location");
        },
        (failure) => say("We could not get your location.", LOCATION_ERRORS[failure.code] || LOCATION_ERRORS[2]),
        { maximumAge: 600000, timeout: 10000 },
      );
    });
  }
}
