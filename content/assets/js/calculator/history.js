// The team over time (a calculator whose form has a "Save this week" button, data-act=save_week):
// weekly snapshots kept in this browser's IndexedDB (nothing is sent anywhere), the trend of the
// team and each worker (a table, and bars drawn in CSS whose text alternative is the table), the
// comparison of two snapshots or of a what-if with the real team, and the history as one file.
// Python works out every figure (calculators/team/history.py; its buttons are history_actions.py):
// this module keeps and shows them.

import { saveFile } from "./downloads.js";
import { SnapshotStore, teamKey } from "./history-store.js";
import { comparisonView, el, percent, trendView } from "./history-views.js";
import { calculate, runtime } from "./runtime.js";

const WHAT_IF_PREFIX = "swwt:what-if:"; // then the saved answers' key: the real team, while a what-if is open

// The browser's date, as the week of a snapshot whose "Week of" is blank.
const today = () => {
  const now = new Date();
  return new Date(now.getTime() - now.getTimezoneOffset() * 60000).toISOString().slice(0, 10);
};
// A file's bytes as base64 (a data: URL without its prefix), encoded by the browser.
const fileBase64 = (file) => new Promise((resolve, reject) => {
  const reader = new FileReader();
  reader.onload = () => resolve(String(reader.result).split(",")[1] || "");
  reader.onerror = () => reject(reader.error);
  reader.readAsDataURL(file);
});

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

  // The trend and the choices to compare, for the team named now. One refresh at a time, in the order
  // asked, and only the newest draws: it reads the store after every save made before it was asked
  // (run side by side, an older read could finish last and show a week fewer than were saved).
  async refresh() {
    const ticket = (this.refreshes = (this.refreshes || 0) + 1);
    const run = () => this.refreshNow(ticket);
    this.refreshing = (this.refreshing || Promise.resolve()).then(run, run);
    let waited; // resolves once the panel shows the newest, refreshes asked meanwhile included
    do {
      waited = this.refreshing;
      await waited;
    } while (waited !== this.refreshing);
  }

  async refreshNow(ticket) {
    if (ticket !== this.refreshes) return; // a newer one is queued behind this one
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
    // Labelled in the form and above the result (which prints): a what-if is never taken for the real team.
    const places = [["what-if-form-banner", this.calculator.form, "this form holds a copy of your team, not the real one."],
      ["what-if-result-banner", this.root.querySelector(".calc-result__title"), "this result is for a copy of your team, not the real one."]];
    for (const [role, place, text] of places) {
      const banner = this.root.querySelector(`[data-role=${role}]`);
      if (on && !banner && place) {
        const tag = el("p", { class: "calc-history__what-if-tag", "data-role": role });
        tag.append(el("strong", {}, "What-if"), document.createTextNode(`: ${text}`));
        if (place === this.calculator.form) place.prepend(tag);
        else place.after(tag);
      } else if (!on) banner?.remove();
    }
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

  async saveAnswers() {
    const mapping = this.calculator.columnMapping?.remembered?.() ?? null;
    // During a what-if the file keeps the real team: loaded later, a what-if would pass for the team.
    const whatIf = this.whatIf();
    const answers = whatIf ? whatIf.real : this.calculator.savedValues();
    const values = { task: "answers_file", answers, mapping, snapshots: await this.snapshotsForFile() };
    const made = await this.ask("history", values);
    if (!made) return;
    saveFile(made.download);
    this.calculator.status.say(`Saved ${made.download.filename}${whatIf ? ": your real team, not the what-if" : ""}.`);
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
