// Stored quotes: one JSON file per quote under <dataDir>/quotes/, written atomically (a temporary file in
// the same directory, then rename) so that a reader never sees half a quote, even if the API dies mid-write.
import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** Q-<UTC date>-<8 hex digits>: sortable by day, unguessable enough to share, safe as a file name. */
export const QUOTE_ID = /^Q-\d{8}-[0-9a-f]{8}$/;

export function newQuoteId(now: number): string {
  const day = new Date(now).toISOString().slice(0, 10).replace(/-/g, '');
  return `Q-${day}-${randomBytes(4).toString('hex')}`;
}

export class QuoteStore<T extends { id: string }> {
  readonly dir: string;
  constructor(dataDir: string) {
    this.dir = join(dataDir, 'quotes');
  }

  private path(id: string): string {
    if (!QUOTE_ID.test(id)) throw new Error(`not a quote id: ${id}`);
    return join(this.dir, `${id}.json`);
  }

  async save(quote: T): Promise<void> {
    const target = this.path(quote.id);
    await mkdir(this.dir, { recursive: true });
    const tmp = join(this.dir, `.${quote.id}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
    try {
      await writeFile(tmp, `${JSON.stringify(quote, null, 2)}\n`, { encoding: 'utf8', flag: 'wx' });
      await rename(tmp, target);
    } catch (e) {
      await rm(tmp, { force: true });
      throw e;
    }
  }

  /** The quote, or null when the id is malformed or unknown. */
  async load(id: string): Promise<T | null> {
    if (!QUOTE_ID.test(id)) return null;
    let text: string;
    try {
      text = await readFile(this.path(id), 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw e;
    }
    const parsed = JSON.parse(text) as T;
    if (parsed.id !== id) throw new Error(`${this.path(id)}: holds quote ${parsed.id}, not ${id}`);
    return parsed;
  }

  /** The ids of the stored quotes. */
  async list(): Promise<string[]> {
    let names: string[];
    try {
      names = await readdir(this.dir);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw e;
    }
    return names.filter((n) => n.endsWith('.json')).map((n) => n.slice(0, -'.json'.length)).filter((id) => QUOTE_ID.test(id)).sort();
  }

  async delete(id: string): Promise<void> {
    await rm(this.path(id), { force: true });
  }
}

/** Whether a quote is past its validity at `now` (answered as `expired`; the offer no longer holds). */
export function isExpired(quote: { validUntil: string }, now: number): boolean {
  return Date.parse(quote.validUntil) <= now;
}

/**
 * Deletes the stored quotes whose validity ended more than `retentionDays` before `now` (policy.quoteRetentionDays);
 * answers the ids deleted. One pass over the store's list; a quote that cannot be read is left for a person to see.
 */
export async function purgeQuotes(store: QuoteStore<{ id: string; validUntil: string }>, now: number, retentionDays: number): Promise<string[]> {
  const deleted: string[] = [];
  for (const id of await store.list()) {
    const quote = await store.load(id).catch(() => null);
    if (quote && Date.parse(quote.validUntil) + retentionDays * 86_400_000 <= now) {
      await store.delete(id);
      deleted.push(id);
    }
  }
  return deleted;
}
