// The toolkit's service worker: after one visit the site works with no network.
// bundle.py writes it to the site's root (so its scope is the whole site, on any sub-path) with
// BUILD filled in: this build's version, its pages and files, and the runtime's files.
//
// - Pages and the site's own files: from the network when online (so a new deployment shows at
//   once), from this build's cache when offline or when the network is too slow to answer.
// - The Python runtime and the calculators' bundle: from the cache first. Their URLs change
//   whenever their content does (the bundle's folder is a hash; the runtime cache is named after
//   the runtime's hash), so a cached copy is never stale.
// - Each build has its own caches; activating a new build deletes the old ones, then tells open
//   pages that a new version is in use.
const BUILD = __BUILD__;

const SCOPE = new URL("./", self.location).href;
const PAGES_CACHE = `toolkit-pages-${BUILD.version}`;
const RUNTIME_CACHE = `toolkit-runtime-${BUILD.runtime}`;
// Packages a calculator installs only when asked (openpyxl for Excel) are kept once they are used.
const RUNTIME_URLS = new Set([...BUILD.runtimeFiles, ...BUILD.onDemand].map((path) => new URL(path, SCOPE).href));
const NETWORK_TIMEOUT_MS = 4000;

const saveData = () => Boolean(self.navigator.connection && self.navigator.connection.saveData);

async function tell(message) {
  for (const client of await self.clients.matchAll({ includeUncontrolled: true })) client.postMessage(message);
}

// Fetch and store a list of files a few at a time; one failure does not stop the rest.
// `revalidate`: ask the server, not the browser's HTTP cache, which may hold the previous
// deployment's pages as "fresh" when the server sends no cache headers.
async function store(cache, paths, revalidate = false) {
  const queue = [...paths];
  const workers = Array.from({ length: 4 }, async () => {
    while (queue.length) {
      const url = new URL(queue.shift(), SCOPE).href;
      if (await cache.match(url)) continue;
      try {
        const response = await fetch(url, revalidate ? { cache: "no-cache" } : {});
        if (response.ok) await cache.put(url, response);
      } catch {
        // offline or gone: it will be stored when it is next fetched
      }
    }
  });
  await Promise.all(workers);
}

self.addEventListener("install", (event) => {
  // With Save-Data on, pages are stored only as they are visited, not all at once.
  event.waitUntil(caches.open(PAGES_CACHE).then((cache) => store(cache, saveData() ? [] : BUILD.pages, true))
    .then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    const names = await caches.keys();
    const old = names.filter((name) => name.startsWith("toolkit-") && name !== PAGES_CACHE && name !== RUNTIME_CACHE);
    await Promise.all(old.map((name) => caches.delete(name)));
    await self.clients.claim();
    const updated = old.some((name) => name.startsWith("toolkit-pages-"));
    await tell({ type: updated ? "updated" : "offline-ready", runtime: await runtimeStored(), saveData: saveData() });
  })());
});

// What a calculator needs to start offline (packages installed on demand are not counted).
const startFiles = () => BUILD.runtimeFiles.filter((path) => !(saveData() && path.endsWith(BUILD.snapshot)));

async function runtimeStored() {
  const cache = await caches.open(RUNTIME_CACHE);
  const stored = await Promise.all(startFiles().map((path) => cache.match(new URL(path, SCOPE).href)));
  return stored.every(Boolean);
}

// A page whose calculators have started asks for the runtime to be kept: the browser's HTTP cache
// usually has the files already, so this rarely downloads anything again.
self.addEventListener("message", (event) => {
  if (event.data && event.data.type === "keep-runtime") {
    event.waitUntil((async () => {
      await store(await caches.open(RUNTIME_CACHE), startFiles());
      if (event.source) event.source.postMessage({ type: "offline-ready", runtime: await runtimeStored() });
    })());
  }
});

async function runtimeFirst(request) {
  const cache = await caches.open(RUNTIME_CACHE);
  const stored = await cache.match(request.url);
  if (stored) return stored;
  const response = await fetch(request);
  if (response.status === 200 && request.method === "GET") await cache.put(request.url, response.clone());
  return response;
}

// The worker checks the server's .wasm type with a HEAD request: ask the server when online, and
// answer from the stored copy's headers when offline.
async function headCheck(request) {
  try {
    return await fetch(request);
  } catch (error) {
    const stored = await (await caches.open(RUNTIME_CACHE)).match(request.url);
    if (!stored) throw error;
    return new Response(null, { status: 200, headers: stored.headers });
  }
}

async function networkFirst(event) {
  const request = event.request;
  const cache = await caches.open(PAGES_CACHE);
  const fromNetwork = fetch(request).then(async (response) => {
    if (response.status === 200) await cache.put(request, response.clone());
    return response;
  });
  event.waitUntil(fromNetwork.catch(() => null));
  const timeout = new Promise((resolve) => setTimeout(resolve, NETWORK_TIMEOUT_MS, null));
  try {
    const response = await Promise.race([fromNetwork, timeout]);
    if (response) return response;
    return (await cache.match(request, { ignoreSearch: true })) || (await fromNetwork);
  } catch (error) {
    const stored = await cache.match(request, { ignoreSearch: true });
    if (stored) return stored;
    if (request.mode === "navigate") {
      const offline = await cache.match(new URL("404.html", SCOPE).href);
      if (offline) return offline;
    }
    throw error;
  }
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (!request.url.startsWith(SCOPE) || (request.method !== "GET" && request.method !== "HEAD")) return;
  const url = request.url.split("#")[0].split("?")[0];
  if (RUNTIME_URLS.has(url)) {
    event.respondWith(request.method === "HEAD" ? headCheck(request) : runtimeFirst(request));
  } else if (request.method === "GET") {
    event.respondWith(networkFirst(event));
  }
});
