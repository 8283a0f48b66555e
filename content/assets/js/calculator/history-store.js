// The team's saved weeks in this browser's IndexedDB (history.js): one record per page, team and
// week, as Python made it; kept in memory for the visit when the browser refuses IndexedDB (as some
// private windows do), and `memory` then says so.

const DB_NAME = "swwt-history";
const STORE = "snapshots";

// A team's name as its weeks are filed: the same team typed in any case is one team.
export const teamKey = (name) => (name || "").normalize("NFC").trim().toLowerCase();

// Snapshots in IndexedDB, one record per page, team and week; in memory when IndexedDB is refused.
export class SnapshotStore {
  constructor(page) {
    this.page = page;
    this.memory = null; // a Map when IndexedDB cannot be used
    this.opened = this.open();
  }

  async open() {
    try {
      if (!window.indexedDB) throw new Error("IndexedDB is not available");
      return await new Promise((resolve, reject) => {
        const request = indexedDB.open(DB_NAME, 1);
        request.onupgradeneeded = () => request.result.createObjectStore(STORE, { keyPath: "id" });
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
        request.onblocked = () => reject(new Error("another tab is upgrading the saved weeks"));
      });
    } catch (error) {
      this.memory = new Map();
      this.problem = error;
      return null;
    }
  }

  id(team, week) {
    return `${this.page}|${teamKey(team)}|${week}`;
  }

  async run(mode, work) {
    const db = await this.opened;
    if (!db) return work(null);
    return new Promise((resolve, reject) => {
      const transaction = db.transaction(STORE, mode);
      const request = work(transaction.objectStore(STORE));
      transaction.oncomplete = () => resolve(request?.result);
      transaction.onerror = () => reject(transaction.error);
      transaction.onabort = () => reject(transaction.error || new Error("the browser refused to store the week"));
    });
  }

  // This team's snapshots (as Python made them), oldest first.
  async list(team) {
    const prefix = `${this.page}|${teamKey(team)}|`;
    const all = this.memory ? [...this.memory.values()] : await this.run("readonly", (store) => store.getAll());
    return (all || []).filter((entry) => entry.id.startsWith(prefix)).map((entry) => entry.record).sort((a, b) => (a.week < b.week ? -1 : 1));
  }

  async get(team, week) {
    const id = this.id(team, week);
    const entry = this.memory ? this.memory.get(id) : await this.run("readonly", (store) => store.get(id));
    return entry ? entry.record : null;
  }

  async put(record) {
    const entry = { id: this.id(record.team_name, record.week), record };
    if (this.memory) this.memory.set(entry.id, entry);
    else await this.run("readwrite", (store) => store.put(entry));
  }
}
