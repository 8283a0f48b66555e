// Makes the toolkit work offline after one visit, and says so: registers the service worker
// (sw.js at the site's root, written by the build), links the web app manifest, and shows a
// short status message when the toolkit is ready offline or a new version is in use.
//
// "A new version is in use" is said only to a page older than it: every page carries the version
// it was built in (data-toolkit-build on Material's container, which instant navigation swaps with
// the page), and a visitor already looking at the new version has nothing to reload.
//
// On a calculator page the service worker is registered only once Python has started, so storing
// the site never competes with the calculator's own download.

import { runtime } from "./calculator/runtime.js"; // the same module, so the same runtime, as the calculators'

const SITE_ROOT = new URL("../../", import.meta.url); // this file is assets/js/offline.js

function linkManifest() {
  if (document.querySelector("link[rel=manifest]")) return;
  const link = document.createElement("link");
  link.rel = "manifest";
  link.href = new URL("manifest.webmanifest", SITE_ROOT).href;
  document.head.append(link);
}

// One polite live region for the whole visit (instant navigation keeps <body>); a message is
// put into it when there is news, so screen readers announce it without moving focus.
function statusRegion() {
  let region = document.getElementById("toolkit-offline-status");
  if (region) return region;
  region = document.createElement("div");
  region.id = "toolkit-offline-status";
  region.className = "toolkit-offline-status";
  region.setAttribute("role", "status");
  Object.assign(region.style, {
    position: "fixed", insetInline: "1rem", bottom: "1rem", zIndex: "5", maxWidth: "36rem", margin: "0 auto",
    padding: "0.75rem 1rem", background: "#fff", color: "#1d1d1d", border: "2px solid #3f51b5",
    borderRadius: "4px", boxShadow: "0 2px 6px rgba(0,0,0,.3)", fontSize: "0.8rem",
  });
  region.hidden = true;
  document.body.append(region);
  return region;
}

function button(text, action) {
  const element = document.createElement("button");
  element.type = "button";
  element.textContent = text;
  Object.assign(element.style, { marginInlineStart: "0.75rem", textDecoration: "underline", color: "#3f51b5",
                                  cursor: "pointer", font: "inherit", fontWeight: "bold" });
  element.addEventListener("click", action);
  return element;
}

function show(text, withReload) {
  const region = statusRegion();
  region.replaceChildren(document.createTextNode(text));
  if (withReload) region.append(button("Reload the page", () => location.reload()));
  region.append(button("Dismiss", () => { region.hidden = true; region.replaceChildren(); }));
  region.hidden = false;
  region.dataset.message = withReload ? "updated" : "offline-ready";
}

let announcedRuntime = false;
let versionInUse = null; // the service worker's, once it has said (shown to tests and support below)
let updatedTo = null; // the version a service worker took over with during this visit
window.toolkitOffline = { get versionInUse() { return versionInUse; }, pageVersion: () => pageVersion() };

// The version of the page shown now (null for a page built before pages were marked: older).
const pageVersion = () => document.querySelector("[data-md-component=container]")?.dataset.toolkitBuild || null;

// Instant navigation keeps the scripts of the page first loaded. A page of another version (a
// deployment during the visit) must not run on them, so it is loaded afresh: its own scripts,
// calculators and Python. Once only: after the reload, the scripts are that page's.
const scriptsVersion = pageVersion();

function loadOtherVersionAfresh() {
  const shown = pageVersion();
  if (scriptsVersion && shown && shown !== scriptsVersion) location.reload();
}

// After instant navigation: offer the reload only while the page shown is older than the version in use.
function checkPageVersion() {
  if (!updatedTo) return; // a page newer than the service worker is not "older": nothing to say
  const region = document.getElementById("toolkit-offline-status");
  const offered = region && region.dataset.message === "updated" && !region.hidden;
  const older = pageVersion() !== updatedTo;
  if (older && !offered) show("A new version of the toolkit is now in use. Reload the page to see it.", true);
  if (!older && offered) {
    region.hidden = true;
    region.replaceChildren();
    delete region.dataset.message;
  }
}

function onMessage({ data }) {
  if (!data || !data.type) return;
  if (data.version) versionInUse = data.version;
  if (data.type === "updated") {
    updatedTo = data.version || "unknown";
    checkPageVersion(); // nothing to say to a visitor already looking at the new version
  } else if (data.type === "offline-ready") {
    if (data.runtime) {
      if (announcedRuntime) return;
      announcedRuntime = true;
      show("This toolkit is saved on this device: its pages and calculators now work offline.", false);
    } else if (!data.saveData) {
      show("This toolkit's pages are saved on this device and work offline. Open a calculator once while "
           + "online to use the calculators offline too.", false);
    }
  }
}

// Ask the service worker to keep the runtime once a calculator has started (on this page, or
// later on another page reached by instant navigation), and again for each bundle Python is
// restarted on (a page with another bundle, see calculators.js).
function keepRuntimeWhenReady() {
  let kept = null; // the bundle last asked for
  // If this fails the calculators still work online; the page then never says they work offline.
  const ask = () => navigator.serviceWorker.ready.then((registration) => {
    registration.active.postMessage({ type: "keep-runtime" });
  }).catch((error) => console.warn("The calculators could not be kept for offline use:", error));
  const listener = () => {
    if (runtime.state !== "ready" || kept === runtime.wheel) return;
    kept = runtime.wheel;
    ask();
  };
  runtime.listeners.add(listener);
  listener();
}

async function register() {
  if (!("serviceWorker" in navigator) || !window.isSecureContext) return;
  if (runtime.ready) await runtime.ready; // a calculator is starting: let it finish first
  navigator.serviceWorker.addEventListener("message", onMessage);
  try {
    await navigator.serviceWorker.register(new URL("sw.js", SITE_ROOT).href, { scope: SITE_ROOT.pathname });
  } catch (error) {
    console.warn("Offline use is not available:", error);
    return;
  }
  keepRuntimeWhenReady();
}

linkManifest();
if (window.document$ && typeof window.document$.subscribe === "function") {
  window.document$.subscribe(() => {
    loadOtherVersionAfresh();
    checkPageVersion();
  });
}
// Offline use is extra: a failure is logged, and the page works as it would without it.
const registerQuietly = () => register().catch((error) => console.warn("Offline use is not available:", error));
if (document.readyState === "complete") registerQuietly();
else window.addEventListener("load", registerQuietly, { once: true });
