// Answers kept in this browser's localStorage, for calculators.js. Every saved state carries a
// version number; older states are migrated; a state this page cannot read is copied aside under a
// key of its own (never overwritten by the next keystroke) for the user to download; and a failure
// to save is named, so the page can say so rather than promise that a reload loses nothing.

// Version 1 (every build before this one) saved the form's values bare, with no version number:
// {field: "text", table: [{column: "text"}, …]} (a radio left unchosen as ""). Version 2 wraps
// them: {version: 2, calculator, saved, values}.
export const SAVED_VERSION = 2;
const KEPT_PREFIX = "swwt:kept:"; // then the answers' own key without its "swwt:v1:", then ":" and a time

const cellOk = (cell) => cell === null || typeof cell === "string" || (typeof cell === "number" && Number.isFinite(cell));
const rowOk = (row) => Boolean(row) && typeof row === "object" && !Array.isArray(row) && Object.values(row).every(cellOk);

// True for a form's values as every version saved them: text (or a number) for a field, a list of
// rows of text for a table.
function isValues(values) {
  if (!values || typeof values !== "object" || Array.isArray(values)) return false;
  return Object.values(values).every((value) => cellOk(value) || (Array.isArray(value) && value.every(rowOk)));
}

// Numbers become the text a form holds; nothing else changes.
function asText(values) {
  const text = (cell) => (typeof cell === "number" ? String(cell) : cell);
  return Object.fromEntries(Object.entries(values).map(([name, value]) => [name, Array.isArray(value)
    ? value.map((row) => Object.fromEntries(Object.entries(row).map(([k, v]) => [k, text(v)])))
    : text(value)]));
}

// What a saved state holds: {state: "none"} (nothing saved), {state: "current", values},
// {state: "migrated", from: 1, values} or {state: "unreadable", reason} (then nothing is loaded).
export function parseSaved(text) {
  if (text === null || text === undefined || text === "") return { state: "none" };
  let saved;
  try {
    saved = JSON.parse(text);
  } catch {
    return { state: "unreadable", reason: "the saved text is cut off or damaged" };
  }
  if (saved && typeof saved === "object" && !Array.isArray(saved) && "version" in saved) {
    if (typeof saved.version === "number" && saved.version > SAVED_VERSION) {
      return { state: "unreadable", reason: `they were saved by a newer version of this site (version ${saved.version}; this page reads up to ${SAVED_VERSION})` };
    }
    if (saved.version === SAVED_VERSION && isValues(saved.values)) return { state: "current", values: asText(saved.values) };
    return { state: "unreadable", reason: "they are not in a shape this page knows" };
  }
  if (isValues(saved)) return { state: "migrated", from: 1, values: asText(saved) };
  return { state: "unreadable", reason: "they are not in a shape this page knows" };
}

// The text saved for a form's values now.
export function savedText(calculator, values) {
  return JSON.stringify({ version: SAVED_VERSION, calculator, saved: new Date().toISOString(), values });
}

// "full", "unavailable" (storage turned off, as in some private windows) or "failed", for an error
// thrown by localStorage. Browsers name a full storage differently (Firefox's old code is 1014).
export function storageProblem(error) {
  const name = error && error.name;
  if (name === "QuotaExceededError" || name === "NS_ERROR_DOM_QUOTA_REACHED" || error?.code === 22 || error?.code === 1014) return "full";
  // Storage turned off: reading window.localStorage throws SecurityError (or it is null, then a TypeError).
  if (name === "SecurityError" || name === "InvalidAccessError" || name === "TypeError") return "unavailable";
  return "failed";
}

const keptPrefix = (key) => `${KEPT_PREFIX}${key.replace(/^swwt:v\d+:/, "")}:`;

// Copy unreadable saved answers to a key of their own. Returns null, or the storage problem that
// stopped the copy (the caller must then not overwrite the original).
export function keepAside(key, text, reason) {
  const kept = new Date().toISOString();
  try {
    localStorage.setItem(`${keptPrefix(key)}${kept}`, JSON.stringify({ kept, reason, text }));
    localStorage.removeItem(key);
    return null;
  } catch (error) {
    return storageProblem(error);
  }
}

// Every copy kept aside for this key, oldest first: [{key, kept, reason, text}].
export function keptCopies(key) {
  const prefix = keptPrefix(key);
  const found = [];
  try {
    for (let i = 0; i < localStorage.length; i++) {
      const name = localStorage.key(i);
      if (!name || !name.startsWith(prefix)) continue;
      const raw = localStorage.getItem(name);
      let copy;
      try {
        copy = JSON.parse(raw);
      } catch {
        copy = null;
      }
      found.push(copy && typeof copy.text === "string"
        ? { key: name, kept: String(copy.kept || ""), reason: String(copy.reason || ""), text: copy.text }
        : { key: name, kept: name.slice(prefix.length), reason: "", text: raw });
    }
  } catch {
    return found; // storage turned off: nothing can have been kept
  }
  return found.sort((a, b) => (a.kept < b.kept ? -1 : 1));
}

// Remove the copies once the user has them; returns a storage problem, or null.
export function discardKept(copies) {
  try {
    for (const copy of copies) localStorage.removeItem(copy.key);
    return null;
  } catch (error) {
    return storageProblem(error);
  }
}

// A file name for a kept copy: JSON if it still parses, else plain text.
export function keptFilename(calculator, copy) {
  let json = true;
  try {
    JSON.parse(copy.text);
  } catch {
    json = false;
  }
  const when = copy.kept.slice(0, 19).replace(/[^0-9]/g, "") || "saved";
  return `${calculator.replaceAll("_", "-")}-saved-answers-kept-${when}.${json ? "json" : "txt"}`;
}
