// What a council's tooltip says: its figure for the chosen measure, the counts behind it, the
// average for its type, and the cautions. Built with textContent only: names are data.

import { el, formatCount, formatValue, plural } from "./dom.js";

// The counts behind the rate, in the words the server's list of figures gives (`spec.counts`,
// see decisions/statistics/figures.py): `{numerator}`, `{denominator}` or a figure's key is
// replaced by its count, and `{key:one|many}` by the count and its noun.
function countsText(spec, p) {
  if (!p[spec.denominator]) return spec.none_label;
  const counts = {
    ...p,
    numerator: spec.numerator.reduce((sum, key) => sum + (p[key] || 0), 0),
    denominator: p[spec.denominator],
  };
  return spec.counts.replace(/\{(\w+)(?::([^|}]*)\|([^}]*))?\}/g, (_, key, one, many) =>
    one === undefined ? formatCount(counts[key]) : plural(counts[key], one, many),
  );
}

// `council` and `average` are a council's and its type's entries in the figures document.
export function tooltipContent({ council, average, stat, spec, typeLabel, typePlural, threshold }) {
  const small = council.small_numbers.includes(stat);
  return el("div", {}, [
    el("span", { className: "council-tip__name", text: council.name }),
    el("span", { className: "council-tip__type", text: typeLabel }),
    el("span", { className: "council-tip__figure", text: `${spec.label}: ${formatValue(council[stat], spec.unit)}` }),
    el("span", { className: "council-tip__note", text: countsText(spec, council) }),
    el("span", {
      className: "council-tip__note",
      text: `All ${typePlural}: ${formatValue(average ? average[stat] : null, spec.unit)}`,
    }),
    small ? el("span", { className: "council-tip__caution", text: `Fewer than ${threshold} cases: treat with care` }) : null,
    council.revised ? el("span", { className: "council-tip__note", text: "Corrected since publication" }) : null,
  ]);
}
