// The search box on the map page: council names (with the other names people use, from the
// councils API) as you type, postcodes through /api/lookup/, and "use my location" where the
// browser offers it. Without this script the form still works: it submits to /councils/.

import { el } from "./dom.js";

const POSTCODE = /^[A-Z]{1,2}[0-9][A-Z0-9]?\s*[0-9][A-Z]{2}$/i;
// A decision's reference, as decisions/forms.py normalise_reference reads one (22 004 123,
// 22-004-123, 17 002 402b): the form is left to submit, and /councils/ sends it on to the decision.
const REFERENCE = /^[0-9]{2}[\s-]*[0-9]{3}[\s-]*[0-9]{3}\s*[A-Za-z]?$/;
const MAX_RESULTS = 12;

// "St. Helens" and "st helens", "Brighton & Hove" and "brighton and hove" all match.
export function nameKey(text) {
  return (text || "")
    .toLowerCase()
    .replace(/&/g, " and ")
    .replace(/[^\p{L}\p{N}\s]/gu, " ")
    .replace(/\s+/g, " ")
    .trim();
}

export function setupSearch({ urls, types, getYear, onFocusCouncil, onFound }) {
  const form = document.getElementById("search");
  const input = document.getElementById("search-input");
  const results = document.getElementById("search-results");
  const locate = document.getElementById("locate");
  const lists = new Map(); // year -> Promise of the councils of that year
  let timer = null;
  let generation = 0;

  function councilsOf(year) {
    if (!lists.has(year)) {
      const url = `${urls.councilsApi}?year=${encodeURIComponent(year)}`;
      const request = fetch(url, { headers: { Accept: "application/json" } }).then((response) => {
        if (!response.ok) throw new Error(`the council list answered ${response.status}`);
        return response.json();
      });
      request.catch(() => lists.delete(year));
      lists.set(year, request);
    }
    return lists.get(year);
  }

  function pageUrl(council) {
    const url = new URL(council.page_url, window.location.href);
    url.searchParams.set("year", getYear());
    return url.pathname + url.search;
  }

  function show(heading, councils, message) {
    const children = [el("p", { text: heading })];
    if (councils.length) {
      const list = el("ul");
      for (const council of councils) {
        const link = el("a", { href: pageUrl(council), dataset: { gss: council.gss_code } }, [
          council.short_name,
        ]);
        list.append(el("li", {}, [link, ` (${types[council.authority_type] || ""})`]));
      }
      children.push(list);
    }
    if (message) children.push(el("p", { text: message }));
    results.replaceChildren(...children);
  }

  function clear() {
    results.replaceChildren();
  }

  async function byName(query, { go }) {
    const mine = ++generation;
    const key = nameKey(query);
    if (!lists.has(getYear())) show("Searching…", []);
    let councils;
    try {
      councils = await councilsOf(getYear());
    } catch (error) {
      show(`We could not search the councils just now (${error.message}).`, []);
      return;
    }
    if (mine !== generation) return;
    const scored = [];
    for (const council of councils) {
      const names = [council.short_name, council.name, ...(council.alt_names || [])].map(nameKey);
      let score = null;
      if (names.some((n) => n === key)) score = 0;
      else if (names.some((n) => n.startsWith(key))) score = 1;
      else if (names.some((n) => n.includes(key))) score = 2;
      if (score !== null) scored.push({ council, score });
    }
    scored.sort((a, b) => a.score - b.score || a.council.short_name.localeCompare(b.council.short_name));
    const found = scored.slice(0, MAX_RESULTS).map((s) => s.council);
    if (go && found.length === 1) {
      window.location.assign(pageUrl(found[0]));
      return;
    }
    if (!found.length) {
      show(`No council in ${getYear()} matches “${query}”.`, [], "Try another spelling or a postcode.");
      return;
    }
    const more = scored.length > found.length ? ` The first ${found.length} are shown.` : "";
    show(`${scored.length} ${scored.length === 1 ? "council matches" : "councils match"} “${query}”.${more}`, found);
  }

  async function lookup(params, label) {
    const mine = ++generation;
    params.set("year", getYear());
    show(`Looking up ${label}…`, []);
    let response;
    let body;
    try {
      response = await fetch(`${urls.lookup}?${params}`, { headers: { Accept: "application/json" } });
      body = await response.json();
    } catch (error) {
      if (mine === generation) show(`We could not look up ${label} just now.`, []);
      return;
    }
    if (mine !== generation) return;
    if (!response.ok) {
      const detail = body.detail || Object.values(body).flat().join(" ") || `error ${response.status}`;
      show(`We could not find councils for ${label}.`, [], detail);
      return;
    }
    const heading = body.councils.length === 1 ? `The council for ${label}:` : `The councils for ${label}:`;
    show(heading, body.councils);
    onFound(body.councils);
  }

  form.addEventListener("submit", (event) => {
    const query = input.value.trim();
    if (REFERENCE.test(query)) return;
    event.preventDefault();
    if (!query) return clear();
    if (POSTCODE.test(query)) lookup(new URLSearchParams({ postcode: query }), query.toUpperCase());
    else byName(query, { go: true });
  });

  input.addEventListener("input", () => {
    clearTimeout(timer);
    const query = input.value.trim();
    if (query.length < 2 || POSTCODE.test(query)) {
      if (!query) clear();
      return;
    }
    timer = setTimeout(() => byName(query, { go: false }), 150);
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
      show("Finding where you are…", []);
      navigator.geolocation.getCurrentPosition(
        (position) => {
          const { latitude, longitude } = position.coords;
          const params = new URLSearchParams({ lat: latitude.toFixed(5), lon: longitude.toFixed(5) });
          lookup(params, "your location");
        },
        (error) => show("We could not get your location.", [], error.message),
        { maximumAge: 600000, timeout: 10000 },
      );
    });
  }
}
