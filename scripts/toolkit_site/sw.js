// The toolkit's service worker: after one visit the site works with no network.
// bundle.py writes it to the site's root (so its scope is the whole site, on any sub-path) with
// BUILD filled in: this build's version, its pages and files, the runtime's files and their hashes.
//
// - Pages and the site's own files: from the network when online (so a new deployment shows at
//   once), from this build's cache when offline or when the network is too slow to answer.
// - The Python runtime and the calculators' bundle: from the cache first. Their URLs change
//   whenever their content does (the bundle's folder is a hash; the runtime cache is named after
//   the runtime's hash), so a cached copy is never stale.
// - Each build has its own caches. A new build stores ALL of its pages, and (for a visitor who
//   kept the calculators offline) its whole runtime, before it takes over; only then are the old
//   caches deleted, so an upgrade cut short (offline, a server mid-deployment) leaves the old
//   version working offline. Open pages are then told which version is in use: each page knows
//   its own (data-toolkit-build), so only a page older than that offers a reload.
const BUILD = __BUILD__;

const SCOPE = new URL("./", self.location).href;
const PAGES_CACHE = `toolkit-pages-${BUILD.version}`;
const RUNTIME_CACHE = `toolkit-runtime-${BUILD.runtime}`;
// Packages a calculator installs only when asked (openpyxl for Excel) are kept once they are used.
const RUNTIME_URLS = new Set([...BUILD.runtimeFiles, ...BUILD.onDemand].map((path) => new URL(path, SCOPE).href));
const NETWORK_TIMEOUT_MS = 4000;
const OTHER_BUILDS = ["assets/calculators/", "assets/pyodide/"].map((folder) => new URL(folder, SCOPE).href);

const saveData = () => Boolean(self.navigator.connection && self.navigator.connection.saveData);

async function tell(message) {
  for (const client of await self.clients.matchAll({ includeUncontrolled: true })) client.postMessage(message);
}

// Fetch and store a list of files a few at a time; returns those that could not be stored.
// `revalidate`: ask the server, not the browser's HTTP cache, which may hold the previous
// deployment's pages as "fresh" when the server sends no cache headers.
async function store(cache, paths, revalidate = false) {
  const queue = [...paths];
  const missing = [];
  const workers = Array.from({ length: 4 }, async () => {
    while (queue.length) {
      const path = queue.shift();
      const url = new URL(path, SCOPE).href;
      if (await cache.match(url)) continue;
      try {
        const response = await fetch(url, revalidate ? { cache: "no-cache" } : {});
        if (response.ok) await cache.put(url, response);
        else missing.push(path);
      } catch {
        missing.push(path); // offline or gone: it will be stored when it is next fetched
      }
    }
  });
  await Promise.all(workers);
  return missing;
}

async function sha256(response) {
  const digest = await crypto.subtle.digest("SHA-256", await response.clone().arrayBuffer());
  return [...new Uint8Array(digest)].map((byte) => byte.toString(16).padStart(2, "0")).join("");
}

const fileName = (url) => url.split("?")[0].split("/").pop();

// One file of this build's runtime: the previous build's copy when it is the same file (the Python
// runtime rarely changes, so it is not downloaded again), else the server's; checked either way, so
// a server in the middle of a deployment can never put another build's file in this cache.
async function runtimeFile(path, previous) {
  for (const cache of previous) {
    for (const request of await cache.keys()) {
      if (fileName(request.url) !== fileName(path)) continue;
      const stored = await cache.match(request);
      if (stored && (await sha256(stored)) === BUILD.hashes[path]) return stored;
    }
  }
  const response = await fetch(new URL(path, SCOPE).href, { cache: "no-cache" });
  if (!response.ok) throw new Error(`HTTP ${response.status} for ${path}`);
  if ((await sha256(response)) !== BUILD.hashes[path]) throw new Error(`${path} is not this build's copy`);
  return response;
}

// A visitor who kept the calculators offline keeps them through the upgrade: this build's runtime
// (and any on-demand package they had used) is stored, complete, before the old one may go.
async function carryRuntime() {
  const names = (await caches.keys()).filter((name) => name.startsWith("toolkit-runtime-") && name !== RUNTIME_CACHE);
  const previous = await Promise.all(names.map((name) => caches.open(name)));
  const had = new Set();
  for (const cache of previous) for (const request of await cache.keys()) had.add(fileName(request.url));
  if (!had.size) return; // no calculator was kept offline: the runtime is stored once one is used
  const cache = await caches.open(RUNTIME_CACHE);
  for (const path of [...startFiles(), ...BUILD.onDemand.filter((file) => had.has(fileName(file)))]) {
    const url = new URL(path, SCOPE).href;
    if (!(await cache.match(url))) await cache.put(url, await runtimeFile(path, previous)); // one at a time: big files
  }
}

// Installing fails (and the browser tries again on a later visit, the old build still in charge)
// unless this build's caches are complete.
async function install() {
  // With Save-Data on, pages are stored only as they are visited, not all at once.
  const pages = await caches.open(PAGES_CACHE);
  let missing = await store(pages, saveData() ? [] : BUILD.pages, true);
  if (missing.length) missing = await store(pages, missing, true); // one more try: a moment's trouble
  if (missing.length) throw new Error(`not stored: ${missing.slice(0, 5).join(", ")}`);
  await carryRuntime();
  await self.skipWaiting();
}

self.addEventListener("install", (event) => event.waitUntil(install()));

self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    const names = await caches.keys();
    const old = names.filter((name) => name.startsWith("toolkit-") && name !== PAGES_CACHE && name !== RUNTIME_CACHE);
    await Promise.all(old.map((name) => caches.delete(name)));
    await self.clients.claim();
    const updated = old.some((name) => name.startsWith("toolkit-pages-"));
    await tell({
      type: updated ? "updated" : "offline-ready", version: BUILD.version, runtime: await runtimeStored(), saveData: saveData(),
    });
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
      if (event.source) {
        event.source.postMessage({ type: "offline-ready", version: BUILD.version, runtime: await runtimeStored() });
      }
    })());
  }
});

async function runtimeFirst(event) {
  const request = event.request;
  const cache = await caches.open(RUNTIME_CACHE);
  const stored = await cache.match(request.url);
  if (stored) return stored;
  const response = await fetch(request);
  if (response.status === 200 && request.method === "GET") event.waitUntil(cache.put(request.url, response.clone()));
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
  // The page gets the response as soon as it arrives; storing it goes on alongside (waiting for
  // the store first made every file of a repeat visit about 150 ms late, the calculator's start too).
  const fromNetwork = fetch(request);
  const stored = fromNetwork.then((response) => (response.status === 200 ? cache.put(request, response.clone()) : null));
  event.waitUntil(stored.catch(() => null));
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
    event.respondWith(request.method === "HEAD" ? headCheck(request) : runtimeFirst(event));
  } else if (OTHER_BUILDS.some((folder) => url.startsWith(folder))) {
    // Another build's runtime (a page newer than this worker restarted the calculators on it): the
    // browser fetches it as usual, and its own service worker will store it once it takes over.
  } else if (request.method === "GET") {
    event.respondWith(networkFirst(event));
  }
});
