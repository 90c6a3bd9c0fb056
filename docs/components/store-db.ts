// The offline records in IndexedDB: one object store per record kind, keyed by [memberId, entryId].
// Every write is validated first; an import runs in one transaction over both stores, so a failure
// leaves the stores exactly as they were.
import {planImport, type ImportPlan} from "../lib/store/exchange.js";
import {RECORD_KINDS, validateRecord, type RecordKind, type StoreRecord} from "../lib/store/records.js";

const DB_NAME = "lpoint-real-smart-store";
const DB_VERSION = 1;
const STORE_OF: Readonly<Record<RecordKind, string>> = {survey: "surveys", visit: "visits"};
const STORE_NAMES = RECORD_KINDS.map((k) => STORE_OF[k]);

function request<T>(r: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error);
  });
}

function done(tx: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error);
    tx.onabort = () => reject(tx.error ?? new Error("the IndexedDB transaction was aborted"));
  });
}

export interface StoredRecords {
  records: StoreRecord[];
  /** rows in IndexedDB that no longer validate (left in place, not shown) */
  invalid: string[];
}

export class RecordStore extends EventTarget {
  private constructor(private readonly db: IDBDatabase) {
    super();
  }

  static async open(name = DB_NAME): Promise<RecordStore> {
    if (typeof indexedDB === "undefined") throw new Error("this browser offers no IndexedDB (private mode or a file:// page?)");
    const open = indexedDB.open(name, DB_VERSION);
    open.onupgradeneeded = () => {
      for (const store of STORE_NAMES) {
        if (!open.result.objectStoreNames.contains(store)) {
          open.result.createObjectStore(store, {keyPath: ["memberId", "entryId"]}).createIndex("memberId", "memberId");
        }
      }
    };
    const db = await request(open);
    // another tab upgrading the schema: step aside rather than block it
    db.onversionchange = () => db.close();
    return new RecordStore(db);
  }

  private changed(): void {
    this.dispatchEvent(new Event("change"));
  }

  private static collect(rows: unknown[], out: StoredRecords): void {
    for (const row of rows) {
      try {
        out.records.push(validateRecord(row, "stored record"));
      } catch (e) {
        out.invalid.push((e as Error).message);
      }
    }
  }

  /** Every record, or one member's. */
  async list(memberId?: string): Promise<StoredRecords> {
    const tx = this.db.transaction(STORE_NAMES, "readonly");
    const out: StoredRecords = {records: [], invalid: []};
    const lists = await Promise.all(
      STORE_NAMES.map((s) => request(memberId === undefined ? tx.objectStore(s).getAll() : tx.objectStore(s).index("memberId").getAll(memberId)))
    );
    for (const rows of lists) RecordStore.collect(rows, out);
    return out;
  }

  async put(record: StoreRecord): Promise<StoreRecord> {
    const clean = validateRecord(record);
    const tx = this.db.transaction(STORE_OF[clean.kind], "readwrite");
    tx.objectStore(STORE_OF[clean.kind]).put(clean);
    await done(tx);
    this.changed();
    return clean;
  }

  async delete(record: Pick<StoreRecord, "kind" | "memberId" | "entryId">): Promise<void> {
    const tx = this.db.transaction(STORE_OF[record.kind], "readwrite");
    tx.objectStore(STORE_OF[record.kind]).delete([record.memberId, record.entryId]);
    await done(tx);
    this.changed();
  }

  /** Apply already-validated records in one transaction; returns what changed. */
  async import(incoming: readonly StoreRecord[], mode: "merge" | "replace"): Promise<ImportPlan> {
    const clean = incoming.map((r, i) => validateRecord(r, `record ${i + 1}`));
    const tx = this.db.transaction(STORE_NAMES, "readwrite");
    const finished = done(tx);
    let plan: ImportPlan;
    try {
      const existing: StoredRecords = {records: [], invalid: []};
      const lists = await Promise.all(STORE_NAMES.map((s) => request(tx.objectStore(s).getAll())));
      for (const rows of lists) RecordStore.collect(rows, existing);
      plan = planImport(existing.records, clean, mode);
      for (const r of plan.remove) tx.objectStore(STORE_OF[r.kind]).delete([r.memberId, r.entryId]);
      for (const r of plan.put) tx.objectStore(STORE_OF[r.kind]).put(r);
    } catch (e) {
      tx.abort();
      await finished.catch(() => {});
      throw e;
    }
    await finished;
    this.changed();
    return plan;
  }

  /** Delete every record (or one member's); returns how many. */
  async clear(memberId?: string): Promise<number> {
    const before = await this.list(memberId);
    const tx = this.db.transaction(STORE_NAMES, "readwrite");
    for (const s of STORE_NAMES) {
      if (memberId === undefined) tx.objectStore(s).clear();
      else for (const r of before.records) if (STORE_OF[r.kind] === s) tx.objectStore(s).delete([r.memberId, r.entryId]);
    }
    await done(tx);
    this.changed();
    return before.records.length + (memberId === undefined ? before.invalid.length : 0);
  }
}
