// What a council's panel on the map says (map-info.js shows it; it was a tooltip once): its figure for the chosen measure, the counts behind it, the
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

// The rate's 95% interval, and how it compares with similar councils (decisions/statistics/
// uncertainty.py): the figures list only the rates clearly different, so a rate with a figure
// and no entry is not clearly different.
export function comparedClass(council, stat) {
  if (council[stat] === null || council[stat] === undefined) return null;
  return (council.compared && council.compared[stat]) || "similar";
}

const COMPARED_TEXT = {
  higher: "Clearly higher than similar councils",
  similar: "Not clearly different from similar councils",
  lower: "Clearly lower than similar councils",
};

function intervalText(spec, council, stat) {
  const ends = council.intervals && council.intervals[stat];
  if (!ends) return null;
  return `95% confidence interval: ${formatValue(ends[0], spec.unit)} to ${formatValue(ends[1], spec.unit)}`;
}

// `council` and `average` are a council's and its type's entries in the figures document.
export function tooltipContent({ council, average, stat, spec, typeLabel, typePlural, threshold }) {
  const small = council.small_numbers.includes(stat);
  const interval = intervalText(spec, council, stat);
  const compared = comparedClass(council, stat);
  return el("div", {}, [
    el("span", { className: "council-tip__name", text: council.name }),
    el("span", { className: "council-tip__type", text: typeLabel }),
    el("span", { className: "council-tip__figure", text: `${spec.label}: ${formatValue(council[stat], spec.unit)}` }),
    interval ? el("span", { className: "council-tip__note", text: interval }) : null,
    compared ? el("span", { className: "council-tip__note", text: COMPARED_TEXT[compared] }) : null,
    el("span", { className: "council-tip__note", text: countsText(spec, council) }),
    el("span", {
      className: "council-tip__note",
      text: `All ${typePlural}: ${formatValue(average ? average[stat] : null, spec.unit)}`,
    }),
    small ? el("span", { className: "council-tip__caution", text: `Fewer than ${threshold} cases: treat with care` }) : null,
    council.revised ? el("span", { className: "council-tip__note", text: "Corrected since publication" }) : null,
  ]);
}
