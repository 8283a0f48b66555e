// Fetch the search index (the biggest file a guidance page would load: about 100 KB compressed)
// only when the visitor first shows they want to search, not on every page.
//
// Material requests search/search_index.json with XMLHttpRequest as soon as it starts. This
// classic script runs just before Material's own and holds that one request back until the
// search box is opened, focused or called up with a keyboard shortcut; Material shows
// "Initializing search" meanwhile, for the moment the index takes to arrive.
(() => {
  const INDEX = /\/search\/search_index\.json$/;
  const { open, send } = XMLHttpRequest.prototype;
  const held = [];
  let wanted = new URLSearchParams(location.search).has("q");
  const want = () => {
    if (wanted) return;
    wanted = true;
    for (const release of held.splice(0)) release();
  };

  XMLHttpRequest.prototype.open = function (method, url, ...rest) {
    this.toolkitHeld = INDEX.test(new URL(String(url), location.href).pathname);
    return open.call(this, method, url, ...rest);
  };
  XMLHttpRequest.prototype.send = function (...args) {
    if (this.toolkitHeld && !wanted) {
      held.push(() => send.apply(this, args));
      return undefined;
    }
    return send.apply(this, args);
  };

  const inSearch = (target) => target instanceof Element && target.closest(".md-search, label[for=__search]");
  document.addEventListener("focusin", (event) => inSearch(event.target) && want(), true);
  document.addEventListener("pointerdown", (event) => inSearch(event.target) && want(), true);
  document.addEventListener("change", (event) => event.target.id === "__search" && want(), true);
  document.addEventListener("keydown", (event) => {
    const typing = event.target instanceof Element && event.target.closest("input, textarea, select, [contenteditable]");
    if (!typing && ["/", "s", "f", "S", "F"].includes(event.key)) want(); // Material's search shortcuts
  }, true);
})();
