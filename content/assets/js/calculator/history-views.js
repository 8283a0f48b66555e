// The team's history as the page shows it (history.js): Python's trend and comparison as tables, and
// bars drawn in CSS whose text alternative is the table beside them. Nothing here works out a figure.

const CHART_TOP = 150; // a bar stops here (its figure still says how far over it is)

export const el = (tag, attributes = {}, text = "") => {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  if (text) node.textContent = text;
  return node;
};
export const percent = (value) => (value === null || value === undefined ? "–" : `${value.toFixed(1)}%`);
const signedPoints = (value) => (value === null || value === undefined ? "–" : `${value > 0 ? "+" : value < 0 ? "−" : ""}${Math.abs(value).toFixed(1)} points`);

export function trendView(trend, id) {
  const table = el("table", { class: "calc-table calc-history__table" });
  table.append(el("caption", {}, `Capacity used week by week (${trend.weeks.length} ${trend.weeks.length === 1 ? "week" : "weeks"})`));
  const head = el("tr");
  head.append(el("th", { scope: "col" }, "Who"), ...trend.weeks.map((week) => el("th", { scope: "col" }, `Week of ${week}`)));
  const body = el("tbody");
  const teamRow = el("tr", { class: "calc-history__team" });
  teamRow.append(el("th", { scope: "row" }, "Team (pooled)"), ...trend.team.map((row) => el("td", { class: "calc-num" }, `${percent(row.team.capacity_percent)}${row.change === null ? "" : ` (${signedPoints(row.change)})`}`)));
  body.append(teamRow);
  for (const worker of trend.workers) {
    const tr = el("tr");
    tr.append(el("th", { scope: "row" }, worker.label), ...worker.percents.map((p, n) => el("td", { class: "calc-num" }, p === null ? worker.notes[n] : percent(p))));
    body.append(tr);
  }
  table.append(el("thead"), body);
  table.tHead.append(head);
  const wrap = el("div", { class: "calc-table-wrap", role: "region", tabindex: "0", "aria-label": "Capacity used week by week" });
  wrap.append(table);
  const load = el("table", { class: "calc-table calc-history__table" });
  load.append(el("caption", {}, `The team's figures week by week (${trend.unit})`));
  load.innerHTML += "<thead><tr><th scope=col>Week of</th><th scope=col>Capacity used</th><th scope=col>Change</th><th scope=col>Weighted load</th><th scope=col>Capacity</th><th scope=col>Cases</th></tr></thead>";
  const loadBody = el("tbody");
  for (const row of trend.team) {
    const tr = el("tr");
    tr.append(el("th", { scope: "row" }, row.week), ...[percent(row.team.capacity_percent), signedPoints(row.change), row.team.load.toLocaleString("en-GB", { maximumFractionDigits: 1 }), row.team.capacity.toLocaleString("en-GB", { maximumFractionDigits: 1 }), String(row.team.cases)].map((t) => el("td", { class: "calc-num" }, t)));
    loadBody.append(tr);
  }
  load.append(loadBody);
  const loadWrap = el("div", { class: "calc-table-wrap", role: "region", tabindex: "0", "aria-label": "The team's figures week by week" });
  loadWrap.append(load);
  return [chartView(trend, id), wrap, loadWrap];
}

// One group of bars per row of the table (the team, then each worker), a bar per week; hidden from
// screen readers, which read the table instead.
function chartView(trend, id) {
  const figure = el("figure", { class: "calc-history__chart", "aria-describedby": `${id}-chart-note` });
  figure.append(el("figcaption", { id: `${id}-chart-note` }, "Capacity used by week, with a line at 100% (the table below has the same figures)."));
  const groups = el("div", { class: "calc-history__groups", "aria-hidden": "true" });
  const rows = [["Team (pooled)", trend.team.map((r) => r.team.capacity_percent), []], ...trend.workers.map((w) => [w.label, w.percents, w.notes])];
  for (const [label, percents, notes] of rows) {
    const group = el("div", { class: "calc-history__group" });
    group.append(el("p", { class: "calc-history__who" }, label));
    percents.forEach((p, n) => {
      const bar = el("div", { class: "calc-history__bar-row" });
      const track = el("span", { class: "calc-history__track" });
      const fill = el("span", { class: `calc-history__fill${p !== null && p >= 100 ? " calc-history__fill--over" : ""}` });
      fill.style.width = `${(Math.min(p ?? 0, CHART_TOP) / CHART_TOP) * 100}%`;
      const line = el("span", { class: "calc-history__line" });
      line.style.left = `${(100 / CHART_TOP) * 100}%`;
      track.append(fill, line);
      bar.append(el("span", { class: "calc-history__week" }, trend.weeks[n]), track, el("span", { class: "calc-history__value" }, p === null ? notes[n] : `${percent(p)}${p > CHART_TOP ? " (bar capped)" : ""}`));
      group.append(bar);
    });
    groups.append(group);
  }
  figure.append(groups);
  return figure;
}

export function comparisonView(comparison) {
  const table = el("table", { class: "calc-table calc-history__table calc-history__comparison" });
  table.append(el("caption", {}, `${comparison.before} and ${comparison.after}, side by side`));
  const head = el("tr");
  head.append(...["Who", comparison.before, comparison.after, "What changed"].map((text) => el("th", { scope: "col" }, text)));
  table.append(el("thead"));
  table.tHead.append(head);
  const body = el("tbody");
  for (const diff of [comparison.team, ...comparison.workers]) {
    const changed = diff.percent_change !== 0 || diff.cases_change !== 0 || diff.before === null || diff.after === null;
    const way = diff.percent_change > 0 ? "up" : diff.percent_change < 0 ? "down" : "";
    const tr = el("tr", { class: `${changed ? "calc-history__changed" : ""}${way ? ` calc-history__changed--${way}` : ""}` });
    const name = diff === comparison.team ? "Team (pooled)" : diff.label;
    const figures = (f) => (f ? `${percent(f.capacity_percent)}, ${f.cases} cases` : "not in the team");
    const what = diff.text.slice(diff.label.length + 2);
    tr.append(el("th", { scope: "row" }, name), el("td", { class: "calc-num" }, figures(diff.before)), el("td", { class: "calc-num" }, figures(diff.after)));
    const cell = el("td");
    if (changed) cell.append(el("strong", {}, way === "up" ? "▲ Changed: " : way === "down" ? "▼ Changed: " : "Changed: "));
    cell.append(document.createTextNode(what));
    tr.append(cell);
    body.append(tr);
  }
  table.append(body);
  const wrap = el("div", { class: "calc-table-wrap", role: "region", tabindex: "0", "aria-label": "Comparison" });
  wrap.append(table);
  const list = el("ul", { class: "calc-history__changes" });
  const changes = comparison.workers.filter((d) => !d.text.endsWith(": no change"));
  for (const diff of [comparison.team, ...changes]) list.append(el("li", {}, diff.text));
  const unchanged = comparison.workers.length - changes.length;
  if (unchanged) list.append(el("li", {}, `${unchanged} ${unchanged === 1 ? "worker has" : "workers have"} no change.`));
  return [wrap, el("p", {}, "What changed, in words:"), list];
}
