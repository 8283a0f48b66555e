// The theme wraps each Markdown table in a box that scrolls sideways on a small screen. Safari (on
// the phones many readers carry) does not let the keyboard reach such a box, so each gets a named
// stop: role=region, tabindex=0 and a label from the table's caption or the heading above it.

function labelFor(box) {
  const caption = box.querySelector("caption");
  if (caption) return caption.textContent.trim();
  let heading = box.previousElementSibling;
  while (heading && !/^H[1-6]$/.test(heading.tagName)) heading = heading.previousElementSibling;
  const text = heading ? heading.textContent.replace(/¶$/, "").trim() : document.title;
  return `Table: ${text}`;
}

export function labelScrollRegions(root = document) {
  for (const box of root.querySelectorAll(".md-typeset__scrollwrap:not([tabindex])")) {
    box.setAttribute("role", "region");
    box.setAttribute("tabindex", "0");
    box.setAttribute("aria-label", labelFor(box));
  }
}
