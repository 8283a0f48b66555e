// Files made here, in the browser (nothing is uploaded): the result's downloads (data-role=downloads),
// the CSV template and the Excel workbook of a table.

// Hand a file to the browser to save: a workbook comes as base64 bytes; text gets a byte-order mark
// where Python asks (Excel then shows "£").
export function saveFile(download) {
  const body = download.base64
    ? Uint8Array.from(atob(download.base64), (c) => c.charCodeAt(0))
    : (download.bom ? "\uFEFF" : "") + download.text;
  const type = download.base64 ? download.mime : `${download.mime};charset=utf-8`;
  const url = URL.createObjectURL(new Blob([body], { type }));
  const link = document.createElement("a");
  link.href = url;
  link.download = download.filename;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

export class Downloads {
  // `calculator` asks Python for files (runAction), and has the status line and guard.
  constructor(calculator) {
    this.calculator = calculator;
    this.element = calculator.root.querySelector("[data-role=downloads]");
    this.inputsEntry = null; // the "Save my answers" download Python offered last
  }

  // A button for each download Python offers ("Save my answers" first).
  show(downloads) {
    this.inputsEntry = downloads.find((d) => d.kind === "inputs" && !d.base64) || null;
    this.element.replaceChildren();
    const inputsFirst = [...downloads].sort((a, b) => (b.kind === "inputs") - (a.kind === "inputs"));
    for (const download of inputsFirst) {
      const button = document.createElement("button");
      button.type = "button";
      button.className = "calc-button calc-button--secondary";
      button.textContent = download.label;
      if (download.kind === "inputs") button.dataset.kind = "inputs";
      button.addEventListener("click", () => this.calculator.guard(this.download(download)));
      this.element.append(button);
    }
  }

  clear() {
    this.element.replaceChildren();
    this.inputsEntry = null;
  }

  // Save a download, asking Python to make its contents from the answers now if it came without
  // (a recalculation asks for none, so a big team's files are not rebuilt on every keystroke).
  async download(entry) {
    if (this.calculator.history?.savesAnswers(entry)) return this.calculator.history.saveAnswers(); // with the saved weeks
    if (typeof entry.text === "string" || typeof entry.base64 === "string") {
      saveFile(entry);
      return;
    }
    const { status } = this.calculator;
    status.say(`Making ${entry.filename}…`, "making-download");
    const response = await this.calculator.runAction("download", entry.filename);
    const made = response && response.download;
    if (!made || (typeof made.text !== "string" && typeof made.base64 !== "string")) {
      // Python's problems show above; a failure to run at all is on the status line instead.
      const why = response || status.busy === "making-download" ? "the messages above say why" : status.text;
      status.say(`${entry.filename} could not be made (${why}). Your answers are kept.`);
      return;
    }
    saveFile({ ...entry, ...made });
    status.say(`Saved ${made.filename || entry.filename}.`);
  }

  async exportWorkbook() {
    const { status } = this.calculator;
    status.say("Making the workbook (the first time, this page also fetches its Excel writer from this site, about 0.27 MB)…", "making-workbook");
    const response = await this.calculator.runAction("export_xlsx");
    if (response) {
      saveFile(response.download);
      status.say(`Saved ${response.download.filename}.`);
    }
  }

  async csvTemplate() {
    const response = await this.calculator.runAction("csv_template");
    if (response) saveFile(response.download);
  }
}
