// The records store on a real SQLite file: versioned migrations, immutable quotes, the acceptance transaction
// (refusal, double acceptance), release at the end, and the import of the JSON quote files of earlier versions.
import { afterEach, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteRecords, MIGRATIONS } from '../../store/records-sqlite.js';
import { importQuoteFiles, openRecords } from '../../store/records-open.js';
import type { AcceptDecision, QuoteRecord, ReservedTotals } from '../../store/records.js';

const dirs: string[] = [];
const tmp = (): string => { const d = mkdtempSync(join(tmpdir(), 'records-')); dirs.push(d); return d; };
afterEach(() => { for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true }); });

const T0 = Date.UTC(2026, 10, 1);
const DAY = 86_400_000;
const quote = (id: string): Omit<QuoteRecord, 'circuitId'> => ({ id, createdAt: new Date(T0).toISOString(), validUntil: new Date(T0 + 30 * DAY).toISOString(), doc: { id, n: 1 } });

/** Accepts when `bps` more fits under `limit` on segment s1. */
const fits = (id: string, bps: number, limit: number) => (_q: QuoteRecord, reserved: ReservedTotals): AcceptDecision<string> => {
  const used = reserved.get('s1')?.bps ?? 0;
  if (used + bps > limit) return { refuse: `s1: ${limit - used} left` };
  return { accept: { id, quoteId: _q.id, createdAt: T0, startAt: T0, endAt: T0 + 365 * DAY, doc: { id }, reservations: [{ segment: 's1', bps, pairs: 0 }, { segment: 's2', bps, pairs: 1 }] } };
};

describe('SQLite records store', () => {
  it('applies each migration once, also on reopening', async () => {
    const path = join(tmp(), 'r.sqlite');
    const a = new SqliteRecords(path);
    expect(a.schemaVersions()).toEqual(MIGRATIONS.map((m) => m.version));
    await a.saveQuote(quote('Q-1'));
    await a.close();
    const b = new SqliteRecords(path);
    expect(b.schemaVersions()).toEqual(MIGRATIONS.map((m) => m.version));
    expect((await b.quote('Q-1'))?.doc).toEqual({ id: 'Q-1', n: 1 });
    await b.close();
  });

  it('keeps a quote as first stored, accepts it once, refuses what does not fit, and releases at the end', async () => {
    const r = openRecords(`sqlite:${join(tmp(), 'r.sqlite')}`);
    await r.saveQuote(quote('Q-1'));
    await r.saveQuote({ ...quote('Q-1'), doc: { changed: true } });
    expect((await r.quote('Q-1'))?.doc).toEqual({ id: 'Q-1', n: 1 });
    await r.saveQuote(quote('Q-2'));
    expect(await r.quote('Q-9')).toBeNull();

    const first = await r.accept('Q-1', T0, fits('C-1', 600, 1000));
    expect(first.kind).toBe('accepted');
    expect((await r.quote('Q-1'))?.circuitId).toBe('C-1');
    expect(await r.accept('Q-1', T0, fits('C-x', 1, 1000))).toEqual({ kind: 'already-accepted', circuitId: 'C-1' });
    expect(await r.accept('Q-2', T0, fits('C-2', 600, 1000))).toEqual({ kind: 'refused', reason: 's1: 400 left' });
    expect(await r.accept('Q-9', T0, fits('C-9', 1, 1000))).toEqual({ kind: 'no-quote' });
    expect(await r.reserved(T0)).toEqual(new Map([['s1', { bps: 600, pairs: 0 }], ['s2', { bps: 600, pairs: 1 }]]));
    // After the term, nothing is reserved.
    expect(await r.reserved(T0 + 365 * DAY)).toEqual(new Map());

    const ended = await r.endCircuit('C-1', T0 + DAY);
    expect(ended?.endedAt).toBe(T0 + DAY);
    expect((await r.endCircuit('C-1', T0 + 2 * DAY))?.endedAt).toBe(T0 + DAY);
    expect(await r.endCircuit('C-9', T0)).toBeNull();
    expect(await r.reserved(T0 + DAY - 1)).toEqual(new Map([['s1', { bps: 600, pairs: 0 }], ['s2', { bps: 600, pairs: 1 }]]));
    expect(await r.reserved(T0 + DAY)).toEqual(new Map());
    expect((await r.accept('Q-2', T0 + DAY, fits('C-2', 600, 1000))).kind).toBe('accepted');
    expect((await r.circuits()).map((c) => [c.id, c.reservations.length])).toEqual([['C-1', 2], ['C-2', 2]]); // same creation time: by id
    await r.close();
  });

  it('a decision that throws writes nothing', async () => {
    const r = new SqliteRecords(join(tmp(), 'r.sqlite'));
    await r.saveQuote(quote('Q-1'));
    await expect(r.accept('Q-1', T0, () => { throw new Error('boom'); })).rejects.toThrow('boom');
    expect(await r.circuits()).toEqual([]);
    expect((await r.quote('Q-1'))?.circuitId).toBeNull();
    await r.close();
  });

  it('imports the JSON quote files of earlier versions on first start, keeping the files', async () => {
    const dataDir = tmp();
    mkdirSync(join(dataDir, 'quotes'));
    for (const id of ['Q-20261101-0000000a', 'Q-20261101-0000000b']) writeFileSync(join(dataDir, 'quotes', `${id}.json`), JSON.stringify({ ...quote(id).doc as object, createdAt: new Date(T0).toISOString(), validUntil: new Date(T0 + DAY).toISOString() }));
    writeFileSync(join(dataDir, 'quotes', 'Q-20261101-0000000c.json'), '{ not json');
    const r = new SqliteRecords(join(dataDir, 'records.sqlite'));
    const first = await importQuoteFiles(r, dataDir);
    expect(first.imported).toBe(2);
    expect(first.problems).toHaveLength(1);
    expect(first.problems[0]).toContain('Q-20261101-0000000c.json');
    expect(first.movedTo).toBeNull();
    expect(existsSync(join(dataDir, 'quotes'))).toBe(true);
    expect((await r.quote('Q-20261101-0000000b'))?.validUntil).toBe(new Date(T0 + DAY).toISOString());

    writeFileSync(join(dataDir, 'quotes', 'Q-20261101-0000000c.json'), JSON.stringify({ id: 'Q-20261101-0000000c', createdAt: new Date(T0).toISOString(), validUntil: new Date(T0 + DAY).toISOString() }));
    const second = await importQuoteFiles(r, dataDir);
    expect(second).toEqual({ imported: 3, problems: [], movedTo: join(dataDir, 'quotes.imported') });
    expect(readdirSync(join(dataDir, 'quotes.imported')).sort()).toEqual(['Q-20261101-0000000a.json', 'Q-20261101-0000000b.json', 'Q-20261101-0000000c.json']);
    expect(await importQuoteFiles(r, dataDir)).toEqual({ imported: 0, problems: [], movedTo: null });
    expect((await r.quote('Q-20261101-0000000c'))?.id).toBe('Q-20261101-0000000c');
    await r.close();
  });

  it('refuses a PostgreSQL location it cannot serve, naming it', () => {
    expect(() => openRecords('postgres://127.0.0.1:5432/irisnet')).toThrow(/PostgreSQL is not implemented/);
  });
});
