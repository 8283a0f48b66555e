// The team over time (a calculator whose form has a "Save this week" button, data-act=save_week):
// weekly snapshots kept in this browser's IndexedDB (nothing is sent anywhere), the trend of the
// team and each worker (a table, and bars drawn in CSS whose text alternative is the table), the
// comparison of two snapshots or of a what-if with the real team, and the history as one file.
// Python works out every figure (calculators/team/history.py; its buttons are history_actions.py):
// this module keeps and shows them.

import { saveFile } from "./downloads.js";
import { calculate, runtime } from "./runtime.js";

const DB_NAME = "swwt-history";
const STORE = "snapshots";
const WHAT_IF_PREFIX = "swwt:what-if:"; // then the saved answers' key: the real team, while a what-if is open
const CHART_TOP = 150; // a bar stops here (its figure still says how far over it is)

// The browser's date, as the week of a snapshot whose "Week of" is blank.
const today = () => {
  const now = new Date();
  return new Date(now.getTime() - now.getTimezoneOffset() * 60000).toISOString().slice(0, 10);
};
const teamKey = (name) => (name || "").normalize("NFC").trim().toLowerCase();
const el = (tag, attributes = {}, text = "") => {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  if (text) node.textContent = text;
  return node;
};
// A file's bytes as base64 (a data: URL without its prefix), encoded by the browser.
const fileBase64 = (file) => new Promise((resolve, reject) => {
  const reader = new FileReader();
  reader.onload = () => resolve(String(reader.result).split(",")[1] || "");
  reader.onerror = () => reject(reader.error);
  reader.readAsDataURL(file);
});
const percent = (value) => (value === null || value === undefined ? "–" : `${value.toFixed(1)}%`);
const signedPoints = (value) => (value === null || value === undefined ? "–" : `${value > 0 ? "+" : value < 0 ? "−" : ""}${Math.abs(value).toFixed(1)} points`);

// Snapshots in IndexedDB, one record per page, team and week; in memory when IndexedDB is refused.
class SnapshotStore {
  constructor(page) {
    this.page = page;
    this.memory = null; // a Map when IndexedDB cannot be used
    this.opened = this.open();
  }

  async open() {
    try {
      if (!window.indexedDB) throw new Error("IndexedDB is not available");
      return await new Promise((resolve, reject) => {
        const request = indexedDB.open(DB_NAME, 1);
        request.onupgradeneeded = () => request.result.createObjectStore(STORE, { keyPath: "id" });
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
        request.onblocked = () => reject(new Error("another tab is upgrading the saved weeks"));
      });
    } catch (error) {
      this.memory = new Map();
      this.problem = error;
      return null;
    }
  }

  id(team, week) {
    return `${this.page}|${teamKey(team)}|${week}`;
  }

  async run(mode, work) {
    const db = await this.opened;
    if (!db) return work(null);
    return new Promise((resolve, reject) => {
      const transaction = db.transaction(STORE, mode);
      const request = work(transaction.objectStore(STORE));
      transaction.oncomplete = () => resolve(request?.result);
      transaction.onerror = () => reject(transaction.error);
      transaction.onabort = () => reject(transaction.error || new Error("the browser refused to store the week"));
    });
  }

  // This team's snapshots (as Python made them), oldest first.
  async list(team) {
    const prefix = `${this.page}|${teamKey(team)}|`;
    const all = this.memory ? [...this.memory.values()] : await this.run("readonly", (store) => store.getAll());
    return (all || []).filter((entry) => entry.id.startsWith(prefix)).map((entry) => entry.record).sort((a, b) => (a.week < b.week ? -1 : 1));
  }

  async get(team, week) {
    const id = this.id(team, week);
    const entry = this.memory ? this.memory.get(id) : await this.run("readonly", (store) => store.get(id));
    return entry ? entry.record : null;
  }

  async put(record) {
    const entry = { id: this.id(record.team_name, record.week), record };
    if (this.memory) this.memory.set(entry.id, entry);
    else await this.run("readwrite", (store) => store.put(entry));
  }
}

export class TeamHistory {
  // Returns null for a calculator without a "Save this week" button.
  static for(calculator) {
    return calculator.root.querySelector("[data-act=save_week]") ? new TeamHistory(calculator) : null;
  }

  constructor(calculator) {
    this.calculator = calculator;
    this.root = calculator.root;
    this.id = `${this.root.id}-history`;
    this.store = new SnapshotStore(`${location.pathname}#${this.root.id}`);
    this.panel = this.build();
    this.root.append(this.panel);
    this.part = (role) => this.panel.querySelector(`[data-role=${role}]`);
    this.store.opened.then(() => this.storageNotice());
    // A team's answers file brought in through the form's own import also holds its saved weeks:
    // read before the import control is emptied (capture phase runs first).
    this.root.addEventListener("change", (event) => this.fromAnswersFile(event), true);
    this.root.addEventListener("drop", (event) => this.fromAnswersFile(event), true);
    // The weeks shown are the team's named in the form.
    this.calculator.form.addEventListener("input", (event) => event.target.name === "team_name" && this.noteResult());
  }

  get whatIfKey() {
    return `${WHAT_IF_PREFIX}${this.calculator.savedWork.key}`;
  }

  get teamName() {
    return this.calculator.values().team_name || "";
  }

  // ---- the panel ----

  build() {
    const section = el("section", { class: "calc-history", "aria-labelledby": `${this.id}-title`, "data-role": "history" });
    section.innerHTML = `
<h2 class="calc-history__title" id="${this.id}-title" tabindex="-1">Your team over time</h2>
<p class="calc-hint">“Save this week” keeps the team's figures for the form's “Week of” (today when it is blank) in this browser only: nothing is sent anywhere. Saved weeks are kept for each team name.</p>
<p class="calc-history__status" data-role="history-status" role="status" aria-live="polite"></p>
<div class="calc-notice calc-notice--warning calc-history__what-if" data-role="what-if-banner" hidden><p><strong>What-if:</strong> you are changing a copy of your team. Your real team is kept as it was: “Back to the real team” brings it back exactly. A what-if is never saved as a week.</p></div>
<div class="calc-actions">
<button type="button" class="calc-button calc-button--secondary" data-action="history" data-act="what_if">Try a what-if</button>
<button type="button" class="calc-button calc-button--secondary" data-action="history" data-act="real_team" hidden>Back to the real team</button>
</div>
<h3>Trend</h3>
<div data-role="trend"><p>No weeks saved yet for this team.</p></div>
<h3>Compare</h3>
<div class="calc-history__compare">
<div class="calc-field"><label class="calc-label" for="${this.id}-before">Before</label><select class="calc-select" id="${this.id}-before" data-role="compare-before"></select></div>
<div class="calc-field"><label class="calc-label" for="${this.id}-after">After</label><select class="calc-select" id="${this.id}-after" data-role="compare-after"></select></div>
<button type="button" class="calc-button calc-button--secondary" data-action="history" data-act="compare">Compare</button>
</div>
<div data-role="comparison"></div>
<h3>Move the history to another computer</h3>
<div class="calc-actions">
<button type="button" class="calc-button calc-button--secondary" data-action="history" data-act="export_json">Export the history (JSON)</button>
<button type="button" class="calc-button calc-button--secondary" data-action="history" data-act="export_xlsx">Export the history (Excel, a sheet per week)</button>
</div>
<div class="calc-field">
<label class="calc-label" for="${this.id}-import">Import a history file</label>
<p class="calc-hint" id="${this.id}-import-hint">A history file exported here (JSON or Excel), or a team's “Save my answers” file. Its weeks join the ones saved in this browser; a week saved in both is replaced only if you say so.</p>
<p class="calc-error-message" id="${this.id}-import-error" data-role="history-error" hidden></p>
<input class="calc-file" type="file" id="${this.id}-import" data-role="history-import" accept=".json,.xlsx,application/json" aria-describedby="${this.id}-import-hint ${this.id}-import-error">
</div>`;
    section.querySelector("[data-role=history-import]").addEventListener("change", (event) => {
      const [file] = event.target.files;
      event.target.value = "";
      if (file) this.calculator.guard(this.importFile(file));
    });
    return section;
  }

  say(text) {
    this.part("history-status").textContent = text;
  }

  storageNotice() {
    if (!this.store.memory) return;
    const box = el("div", { class: "calc-notice calc-notice--warning", "data-role": "history-storage" });
    box.append(el("p", {}, "This browser does not let the page keep saved weeks (as in some private windows). Weeks you save now last only until you close the page: use “Export the history” to keep them."));
    this.part("history-status").after(box);
  }

  // ---- the buttons (actions.js sends data-action=history here, and the form's save_week and history) ----

  owns(task) {
    return task === "save_week" || task === "history";
  }

  async run(task) {
    const handlers = {
      save_week: () => this.saveWeek(),
      history: () => this.show(),
      what_if: () => this.startWhatIf(),
      real_team: () => this.backToRealTeam(),
      compare: () => this.compare(),
      export_json: () => this.export("json"),
      export_xlsx: () => this.export("xlsx"),
    };
    await handlers[task]?.();
  }

  // Ask Python (calculators/team/history_actions.py); the response, or null with the problem said.
  async ask(action, values, where = null, quiet = false) {
    if (!(await runtime.ready)) return null;
    const response = await calculate({ ...this.calculator.base, action, values });
    if (response.ok) return response.values;
    if (quiet) return null; // the form's own problems show already
    const message = response.failure || (response.errors || []).map((e) => e.message).join(". ") || "it could not be done";
    if (where) this.fieldError(where, message);
    else if (response.errors?.length && action === "save_week") this.calculator.errors.show(response.errors, true);
    this.say(`${message}.`);
    return null;
  }

  fieldError(role, message) {
    const box = this.part(role);
    box.textContent = message ? `Error: ${message}` : "";
    box.hidden = !message;
  }

  async show() {
    await this.refresh();
    this.panel.querySelector("h2").focus();
  }

  async saveWeek() {
    if (this.whatIf()) {
      this.say("This is a what-if, so it is not saved as a week. Go back to the real team to save this week.");
      return;
    }
    this.say("Saving this week…");
    const made = await this.ask("save_week", { answers: this.calculator.values(), today: today() });
    if (!made) return;
    const snapshot = made.snapshot;
    const earlier = await this.store.get(snapshot.team_name, snapshot.week);
    if (earlier && !window.confirm(`A week of ${snapshot.week} is already saved for ${snapshot.team_name || "this team"}. Replace it with the figures now?`)) {
      this.say(`Nothing saved: the week of ${snapshot.week} is kept as it was.`);
      return;
    }
    await this.store.put(snapshot);
    const when = snapshot.week_given ? `the week of ${snapshot.week}` : `today, ${snapshot.week} (“Week of” is blank)`;
    await this.refresh();
    await this.withTrend();
    this.say(`Saved ${when}${earlier ? ", replacing the one saved before" : ""}: team capacity used ${percent(snapshot.team.capacity_percent)}.`);
  }

  // ---- trend and comparison ----

  // A result shows (calculator.js), or the team's name changed: the weeks shown are that team's, and
  // once it has saved weeks the result's report gets its trend since them (Python's report again).
  noteResult(response = null) {
    if (response) this.lastResponse = response;
    if (teamKey(this.teamName) !== this.shownTeam) this.calculator.guard(this.refresh().then(() => this.withTrend()));
    else if (response && this.weeks) this.calculator.guard(this.withTrend());
  }

  async withTrend() {
    const { calculator } = this;
    const ticket = calculator.latest;
    const response = this.lastResponse;
    const snapshots = await this.store.list(this.teamName);
    if (!response || !snapshots.length) return;
    const made = await this.ask("history", { task: "report", answers: calculator.values(), snapshots }, null, true);
    if (!made || ticket !== calculator.latest || calculator.result.shows !== "yours" || this.lastResponse !== response) return;
    calculator.result.showYours({ ...response, html: made.html });
  }

  // The trend and the choices to compare, for the team named now (a newer refresh wins: the name may
  // change while an older one is still asking Python).
  async refresh() {
    const ticket = (this.refreshes = (this.refreshes || 0) + 1);
    const name = this.teamName;
    this.shownTeam = teamKey(name);
    const snapshots = await this.store.list(name);
    const made = snapshots.length ? await this.ask("history", { task: "trend", snapshots }) : null;
    if (ticket !== this.refreshes) return;
    this.weeks = snapshots.length;
    this.fillChoices(snapshots);
    const trend = this.part("trend");
    if (!snapshots.length) trend.replaceChildren(el("p", {}, `No weeks saved yet for ${name ? `“${name}”` : "this team"}.`));
    else if (made) trend.replaceChildren(...trendView(made.trend, this.id));
    this.panel.dataset.weeks = String(snapshots.length); // last: the panel shows these weeks now
  }

  fillChoices(snapshots) {
    const options = snapshots.map((s) => [`week:${s.week}`, `Week of ${s.week}`]);
    options.push(["now", this.whatIf() ? "The what-if now" : "The team now"]);
    if (this.whatIf()) options.push(["real", "The real team"]);
    for (const [role, pick] of [["compare-before", this.whatIf() ? "real" : options.at(-3)?.[0]], ["compare-after", "now"]]) {
      const select = this.part(role);
      const kept = select.value;
      select.replaceChildren(...options.map(([value, label]) => el("option", { value }, label)));
      select.value = options.some(([value]) => value === kept) ? kept : pick || options[0][0];
    }
  }

  async side(choice) {
    if (choice === "now") return { answers: this.calculator.values(), today: today(), name: this.whatIf() ? "What-if" : "The team now" };
    if (choice === "real") return { answers: this.whatIf().real, today: today(), name: "Real team" };
    return this.store.get(this.teamName, choice.slice(5));
  }

  async compare() {
    const [before, after] = await Promise.all([this.side(this.part("compare-before").value), this.side(this.part("compare-after").value)]);
    if (!before || !after) {
      this.say("Choose two weeks to compare (save a week first).");
      return;
    }
    const made = await this.ask("history", { task: "compare", before, after });
    if (!made) return;
    this.part("comparison").replaceChildren(...comparisonView(made.comparison));
    this.say(`Compared ${made.comparison.before} with ${made.comparison.after}: ${made.comparison.team.text}.`);
  }

  // ---- a what-if: a copy of the team, the real one kept aside until "Back to the real team" ----

  whatIf() {
    try {
      const kept = JSON.parse(localStorage.getItem(this.whatIfKey) || "null");
      return kept && typeof kept.real === "object" ? kept : this.memoryWhatIf || null;
    } catch {
      return this.memoryWhatIf || null;
    }
  }

  async startWhatIf() {
    if (this.whatIf()) return;
    const kept = { real: this.calculator.savedValues(), started: new Date().toISOString() };
    try {
      localStorage.setItem(this.whatIfKey, JSON.stringify(kept));
    } catch {
      this.memoryWhatIf = kept; // storage refused: kept for as long as the page is open
    }
    this.showWhatIf();
    this.say("Your team is copied into a what-if. Change it as you like: your real team is kept.");
    this.calculator.form.querySelector("input:not([type=file]), select, textarea")?.focus();
  }

  async backToRealTeam() {
    const kept = this.whatIf();
    if (!kept) return;
    await this.calculator.writeValues(kept.real, true);
    try {
      localStorage.removeItem(this.whatIfKey);
    } catch {
      // nothing was stored
    }
    this.memoryWhatIf = null;
    this.calculator.changed(); // saves the real team again, and recalculates
    this.showWhatIf();
    this.say("Back to your real team, exactly as it was before the what-if.");
    this.panel.querySelector("[data-act=what_if]").focus();
  }

  showWhatIf() {
    const on = Boolean(this.whatIf());
    this.part("what-if-banner").hidden = !on;
    this.root.classList.toggle("calc--what-if", on);
    this.panel.querySelector("[data-act=what_if]").hidden = on;
    this.panel.querySelector("[data-act=real_team]").hidden = !on;
    let banner = this.root.querySelector("[data-role=what-if-form-banner]");
    if (on && !banner) {
      banner = el("p", { class: "calc-history__what-if-tag", "data-role": "what-if-form-banner" });
      banner.innerHTML = "<strong>What-if</strong>: this form holds a copy of your team, not the real one.";
      this.calculator.form.prepend(banner);
    } else if (!on) banner?.remove();
    this.fillChoices([]);
    this.refresh();
  }

  // ---- files ----

  async snapshotsForFile() {
    return this.store.list(this.teamName);
  }

  async export(as) {
    const snapshots = await this.snapshotsForFile();
    if (!snapshots.length) {
      this.say("There are no saved weeks to export yet.");
      return;
    }
    const made = await this.ask("history", { task: "export", as, snapshots });
    if (!made) return;
    saveFile(made.download);
    this.say(`Saved ${made.download.filename} (${snapshots.length} ${snapshots.length === 1 ? "week" : "weeks"}).`);
  }

  // downloads.js: the team's "Save my answers" file carries the saved weeks and column mapping too.
  savesAnswers(entry) {
    return entry.kind === "inputs" && entry.filename.endsWith(".json");
  }

  async saveAnswers(entry) {
    const mapping = this.calculator.columnMapping?.remembered?.() ?? null;
    const values = { task: "answers_file", answers: this.calculator.savedValues(), mapping, snapshots: await this.snapshotsForFile(), filename: entry.filename };
    const made = await this.ask("history", values);
    if (!made) return;
    saveFile(made.download);
    this.calculator.status.say(`Saved ${made.download.filename}.`);
  }

  async importFile(file) {
    this.fieldError("history-error", "");
    const made = await this.ask("history", { task: "import", filename: file.name, base64: await fileBase64(file) }, "history-error");
    if (made) await this.keep(made, file.name);
  }

  // The weeks in an imported file join the saved ones; a week saved in both is replaced only if the user says so.
  async keep(found, filename) {
    let added = 0;
    let kept = 0;
    for (const snapshot of found.snapshots) {
      const earlier = await this.store.get(snapshot.team_name, snapshot.week);
      if (earlier && JSON.stringify(earlier) !== JSON.stringify(snapshot)
        && !window.confirm(`${filename} has the week of ${snapshot.week} for ${snapshot.team_name || "this team"}, already saved here with other figures. Replace the one saved here?`)) {
        kept += 1;
        continue;
      }
      await this.store.put(snapshot);
      added += 1;
    }
    if (found.mapping) this.calculator.columnMapping?.remember?.(found.mapping);
    const notes = [...(found.notices || [])];
    if (kept) notes.push(`${kept} ${kept === 1 ? "week was" : "weeks were"} kept as saved here.`);
    if (found.mapping) notes.push("The column mapping in the file is remembered.");
    await this.refresh();
    await this.withTrend();
    this.say(`Imported ${added} ${added === 1 ? "week" : "weeks"} from ${filename}. ${notes.join(" ")}`.trim());
  }

  // A .json file through the form's own import: when it is a team's answers file with saved weeks, keep them.
  fromAnswersFile(event) {
    const files = event.type === "drop" ? event.dataTransfer?.files : event.target.matches?.("input[type=file][data-action=import]") && event.target.files;
    const json = [...(files || [])].filter((file) => /\.json$/i.test(file.name));
    for (const file of json) {
      this.calculator.guard(file.text().then(async (text) => {
        if (!/"(history|mapping)"\s*:/.test(text)) return;
        const made = await this.ask("history", { task: "import", filename: file.name, base64: await fileBase64(file) });
        if (made && (made.snapshots.length || made.mapping)) await this.keep(made, file.name);
      }));
    }
  }

  // On start: a what-if left open (a reload) is still labelled as one, and the trend shows.
  async start() {
    await runtime.ready;
    if (!this.root.isConnected) return;
    this.showWhatIf();
  }
}

// ---- views: Python's figures as tables, and bars whose text alternative is the table ----

function trendView(trend, id) {
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

function comparisonView(comparison) {
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
