// What the calculator says it is doing: the status line under the result's title
// (data-role=result-status), and Python's start-up, with its progress bar (data-role=status).

import { runtime } from "./runtime.js";
import { noteState } from "./test-hooks.js";

export class StatusLine {
  constructor(root) {
    this.element = root.querySelector("[data-role=result-status]");
    this.text = ""; // what it says now
    this.busy = null; // what the page is doing while it says so: "reading-file", "making-download"… or null
  }

  say(text, busy = null) {
    this.text = text;
    this.busy = busy;
    this.element.textContent = text;
  }

  // Python's notices about the answers (values it changed, say) before what the line says now.
  prefix(notices) {
    if (notices) this.say(`${notices} ${this.text}`);
  }
}

export class RuntimeStatus {
  constructor(root) {
    this.root = root;
    this.element = root.querySelector("[data-role=status]");
    this.text = this.element.querySelector("[data-role=status-text]");
    this.bar = this.element.querySelector("progress");
  }

  // Show Python's state now; `calculated`: an answer already shows in this calculator.
  show(calculated) {
    if (runtime.state === "loading") {
      this.element.hidden = false;
      this.bar.hidden = false;
      this.bar.value = runtime.step;
      this.text.textContent = runtime.text || "Loading the calculator…";
    } else if (runtime.state === "failed") {
      this.element.hidden = false;
      this.bar.hidden = true;
      this.element.classList.add("calc-status--failed");
      this.text.textContent = `The calculator could not start: ${runtime.text} Your answers are kept. The result shown is the last one calculated.`;
    } else {
      this.element.hidden = true;
    }
    const ready = calculated ? "calculated" : "ready";
    noteState(this.root, runtime.state === "ready" ? ready : runtime.state);
  }
}
