// The legend: the server renders one list per measure (templates/home.html), with the colours
// of decisions/charts.py and the no-data hatch; this shows the chosen one and names it.

// `legend` is the measure's key, or "compared" for the colouring by class, which has one legend
// for every measure.
export function showLegend({ legend, label, year }) {
  document.getElementById("legend-title").textContent = `${label}, ${year}`;
  for (const list of document.querySelectorAll("#legend-items [data-stat]")) {
    list.hidden = list.dataset.stat !== legend;
  }
}
