// A file field (a Field of kind "file"): the chosen file's text is the answer. The page reads the
// file here, in the browser (nothing is uploaded), and writes its text into the field's hidden
// textarea (data-file-text), which Python reads like any other answer. A text field that Python
// gives choices for (the result's "councils", for the comparison with published figures) becomes
// a select of those choices; what the user chose is kept even when a new file does not name it.

const MAX_FILE_BYTES = 5 * 1024 * 1024; // the same limit Python states for files

function readText(file) {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(reader.error || new Error(`${file.name} could not be read`));
    reader.readAsText(file, "utf-8");
  });
}

export class FileFields {
  constructor(calculator) {
    this.calculator = calculator;
    this.root = calculator.root;
    this.fields = [...this.root.querySelectorAll("textarea[data-file-text]")];
    this.resultBody = this.root.querySelector("[data-role=result]");
  }

  wire() {
    if (!this.fields.length) return;
    for (const text of this.fields) {
      const input = this.root.querySelector(`input[type=file][data-file-for="${CSS.escape(text.name)}"]`);
      // Its own change only: the form's file import must not read this file as saved answers.
      input.addEventListener("change", (event) => {
        event.stopPropagation();
        const [file] = input.files;
        input.value = "";
        if (file) this.calculator.guard(this.load(file, text));
      });
    }
    // Each answer (the user's, the example's or none) may bring new choices or a cleared file.
    new MutationObserver(() => this.refresh()).observe(this.resultBody, { attributes: true, attributeFilter: ["data-result"] });
    this.refresh();
  }

  async load(file, text) {
    const status = this.statusOf(text);
    if (file.size > MAX_FILE_BYTES) {
      this.calculator.errors.show([{ field: text.name, message: `${file.name} is larger than 5 MB, the most this page reads` }], true);
      return;
    }
    status.textContent = `Reading ${file.name}…`;
    const contents = await readText(file);
    await this.calculator.replaceAnswers({ [text.name]: contents });
    text.dataset.filename = file.name;
    this.refresh();
    await this.calculator.recalculate(false);
  }

  statusOf(text) {
    return this.root.querySelector(`[data-file-status="${CSS.escape(text.name)}"]`);
  }

  refresh() {
    for (const text of this.fields) {
      const status = this.statusOf(text);
      const input = this.root.querySelector(`input[type=file][data-file-for="${CSS.escape(text.name)}"]`);
      if (text.value) input.dataset.loaded = "true"; // its problems show at once, as a typed answer's do
      else delete input.dataset.loaded;
      const lines = text.value ? text.value.split("\n").filter((line) => line.trim()).length - 1 : 0;
      status.textContent = text.value
        ? `${text.dataset.filename || "The file you loaded before"} is loaded (${lines} rows), and kept in this browser only.`
        : "No file loaded yet.";
    }
    let result;
    try {
      result = JSON.parse(this.resultBody.dataset.result || "null");
    } catch {
      result = null;
    }
    if (result && Array.isArray(result.councils)) this.offerChoices("council", result.councils);
  }

  // The text box named `name` becomes (or stays) a select of `choices`, keeping what it holds.
  offerChoices(name, choices) {
    const box = this.calculator.form.querySelector(`[data-field="${CSS.escape(name)}"] [name="${CSS.escape(name)}"]`);
    if (!box || !choices.length) return;
    const current = box.value;
    const select = box.tagName === "SELECT" ? box : document.createElement("select");
    if (select !== box) {
      for (const attribute of ["id", "name", "aria-describedby"]) select.setAttribute(attribute, box.getAttribute(attribute) || "");
      select.className = "calc-select";
      (box.closest(".calc-input-wrap") || box).replaceWith(select);
    }
    const wanted = ["", ...choices];
    if (current && !choices.includes(current)) wanted.push(current); // never silently swapped
    const have = [...select.options].map((option) => option.value);
    if (have.join("\n") !== wanted.join("\n")) {
      select.replaceChildren(...wanted.map((value) => new Option(value || "Choose your council", value)));
    }
    select.value = current;
  }
}
