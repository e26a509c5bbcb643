// What a council's tooltip says: its figure for the chosen measure, the counts behind it, the
// average for its type, and the cautions. Built with textContent only: names are data.

import { el, formatCount, formatValue, plural } from "./dom.js";

function countsText(stat, p) {
  switch (stat) {
    case "upheld_rate":
      return p.investigations
        ? `${formatCount(p.upheld)} upheld of ${plural(p.investigations, "detailed investigation", "detailed investigations")}`
        : "No detailed investigations";
    case "satisfactory_remedy_rate":
      return p.upheld
        ? `${formatCount(p.satisfactory_remedies)} of ${plural(p.upheld, "upheld complaint", "upheld complaints")} already put right by the council`
        : "No upheld complaints";
    case "compliance_rate":
      return p.compliance_outcomes
        ? `${formatCount(p.complied + p.complied_late)} of ${plural(p.compliance_outcomes, "recommendation", "recommendations")} carried out, ${formatCount(p.complied_late)} late`
        : "No recommendations checked";
    default:
      return p.population
        ? `${plural(p.upheld, "upheld complaint", "upheld complaints")}, population ${formatCount(p.population)}`
        : "No population figure";
  }
}

// `council` and `average` are a council's and its type's entries in the figures document.
export function tooltipContent({ council, average, stat, spec, typeLabel, typePlural }) {
  const small = council.small_numbers.includes(stat);
  return el("div", {}, [
    el("span", { className: "council-tip__name", text: council.name }),
    el("span", { className: "council-tip__type", text: typeLabel }),
    el("span", { className: "council-tip__figure", text: `${spec.label}: ${formatValue(council[stat], spec.unit)}` }),
    el("span", { className: "council-tip__note", text: countsText(stat, council) }),
    el("span", {
      className: "council-tip__note",
      text: `All ${typePlural}: ${formatValue(average ? average[stat] : null, spec.unit)}`,
    }),
    small ? el("span", { className: "council-tip__caution", text: "Fewer than 10 cases: treat with care" }) : null,
    council.revised ? el("span", { className: "council-tip__note", text: "Corrected since publication" }) : null,
  ]);
}
