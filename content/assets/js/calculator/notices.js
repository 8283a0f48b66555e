// A notice next to the calculator (saved work, an import), with buttons whose data-action the
// calculator's button table handles.

export function noticeBox(kind, text, buttons) {
  const box = document.createElement("div");
  box.className = `calc-notice calc-notice--${kind}`;
  const message = document.createElement("p");
  message.textContent = text;
  box.append(message);
  if (buttons.length) {
    const actions = document.createElement("div");
    actions.className = "calc-notice__actions";
    for (const [action, label] of buttons) {
      const button = document.createElement("button");
      button.type = "button";
      button.className = "calc-button calc-button--secondary";
      button.dataset.action = action;
      button.textContent = label;
      actions.append(button);
    }
    box.append(actions);
  }
  return box;
}

// An empty live region for notices, put after `element` (live from the start, so what goes in is read out).
export function noticeArea(element, role = null) {
  const area = document.createElement("div");
  area.className = "calc-notices";
  if (role) area.dataset.role = role;
  area.setAttribute("aria-live", "polite");
  element?.after(area);
  return area;
}
