// Opening the records store from its configured location, and bringing in the quotes earlier versions kept
// as JSON files (<dataDir>/quotes/*.json): imported on first start, the files kept under quotes.imported/.
import { existsSync, readdirSync, readFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { parseRecordsLocation, type RecordStore } from './records.js';
import { SqliteRecords } from './records-sqlite.js';

/** The records store at `spec` (`sqlite:PATH`, a path, or `postgres://…`). */
export function openRecords(spec: string): RecordStore {
  const loc = parseRecordsLocation(spec);
  if (loc.kind === 'postgres') {
    // The RecordStore interface is what a PostgreSQL implementation provides (acceptance under
    // SELECT … FOR UPDATE of the reserved segments' rows, or SERIALIZABLE); this build ships the SQLite one.
    throw new Error('records: PostgreSQL is not implemented in this build; use sqlite:PATH');
  }
  return new SqliteRecords(loc.target);
}

export interface QuoteImport {
  imported: number;
  /** Files that could not be read as a quote: left in place, named with the reason. */
  problems: string[];
  /** Where the imported files now are, when the folder was moved aside. */
  movedTo: string | null;
}

/**
 * Imports `<dataDir>/quotes/*.json` (one quote per file, named by its id) into the store; quotes already there
 * are left as they are. When every file imported, the folder is renamed `quotes.imported` (nothing is deleted);
 * otherwise it stays, so that the next start tries again, and the problems are returned.
 */
export async function importQuoteFiles(records: RecordStore, dataDir: string): Promise<QuoteImport> {
  const dir = join(dataDir, 'quotes');
  if (!existsSync(dir)) return { imported: 0, problems: [], movedTo: null };
  const problems: string[] = [];
  let imported = 0;
  for (const name of readdirSync(dir).filter((n) => n.endsWith('.json') && !n.startsWith('.')).sort()) {
    const file = join(dir, name);
    try {
      const doc = JSON.parse(readFileSync(file, 'utf8')) as { id?: unknown; createdAt?: unknown; validUntil?: unknown };
      if (typeof doc.id !== 'string' || `${doc.id}.json` !== name) throw new Error(`holds quote ${String(doc.id)}, not ${name.slice(0, -5)}`);
      if (typeof doc.createdAt !== 'string' || typeof doc.validUntil !== 'string') throw new Error('createdAt and validUntil must be ISO 8601 strings');
      await records.saveQuote({ id: doc.id, createdAt: doc.createdAt, validUntil: doc.validUntil, doc });
      imported++;
    } catch (e) {
      problems.push(`${file}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  if (problems.length > 0) return { imported, problems, movedTo: null };
  let movedTo = join(dataDir, 'quotes.imported');
  if (existsSync(movedTo)) movedTo = `${movedTo}-${Date.now()}`;
  try {
    renameSync(dir, movedTo);
  } catch (e) {
    // Another process sharing the data dir imported and moved it first: the quotes are in the store.
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { imported, problems, movedTo: null };
    throw e;
  }
  return { imported, problems, movedTo };
}
