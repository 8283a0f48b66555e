// On a phone the how-to above a calculator (a <details class="calc-howto">, `/// how-to` in a
// page) folds away, so the calculator starts within one screen; one tap on "How to use this
// calculator" opens it. It stays open on a wide screen, and when a link leads into it.

const NARROW = "(max-width: 44.9375em)"; // where input tables become cards (toolkit.css)

const holdsTarget = (details) => {
  const id = decodeURIComponent(location.hash.slice(1));
  return id !== "" && details.querySelector(`[id="${CSS.escape(id)}"]`) !== null;
};

export function foldHowTo(root = document) {
  const narrow = window.matchMedia(NARROW).matches;
  for (const details of root.querySelectorAll("details.calc-howto:not([data-folded])")) {
    details.dataset.folded = "true";
    if (narrow && !holdsTarget(details)) details.open = false;
  }
}

// A link to a heading inside a folded how-to (the page's contents, say) opens it.
window.addEventListener("hashchange", () => {
  for (const details of document.querySelectorAll("details.calc-howto:not([open])")) {
    if (holdsTarget(details)) details.open = true;
  }
});
