// The embedded records store: one SQLite file through better-sqlite3 (Node 20 has no node:sqlite). SQLite gives
// real transactions on a file several processes may share: an acceptance runs in a BEGIN IMMEDIATE
// transaction, which takes the database's write lock before reading the reservations, so two acceptances (in
// one process or in two) never both see the last capacity as free; a process killed mid-transaction leaves
// nothing of it (the write-ahead log's uncommitted frames are ignored). better-sqlite3 is synchronous: each
// method is a few statements on a local file, shorter than an await round trip.
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { AcceptDecision, AcceptOutcome, CircuitRecord, QuoteRecord, RecordStore, Reservation, ReservedTotals } from './records.js';

/** The schema, as a versioned list: a migration is appended, never edited. */
export const MIGRATIONS: ReadonlyArray<{ version: number; sql: string }> = [
  {
    version: 1,
    sql: `
      CREATE TABLE quotes (
        id TEXT PRIMARY KEY,
        created_at TEXT NOT NULL,
        valid_until TEXT NOT NULL,
        doc TEXT NOT NULL
      );
      CREATE TABLE circuits (
        id TEXT PRIMARY KEY,
        quote_id TEXT NOT NULL UNIQUE REFERENCES quotes(id),
        created_at INTEGER NOT NULL,
        start_at INTEGER NOT NULL,
        end_at INTEGER NOT NULL,
        ended_at INTEGER,
        doc TEXT NOT NULL
      );
      CREATE TABLE reservations (
        circuit_id TEXT NOT NULL REFERENCES circuits(id),
        segment TEXT NOT NULL,
        bps INTEGER NOT NULL CHECK (bps >= 0),
        pairs INTEGER NOT NULL CHECK (pairs >= 0),
        PRIMARY KEY (circuit_id, segment)
      );
      CREATE INDEX reservations_segment ON reservations(segment);
    `,
  },
];

/** Test hook: hold every acceptance transaction open this long before its commit (to kill the process in it). */
const HOLD_ENV = 'IRISNET_RECORDS_HOLD_MS';

interface CircuitRow { id: string; quote_id: string; created_at: number; start_at: number; end_at: number; ended_at: number | null; doc: string }
interface QuoteRow { id: string; created_at: string; valid_until: string; doc: string; circuit_id: string | null }

export class SqliteRecords implements RecordStore {
  readonly kind = 'sqlite';
  private readonly db: Database.Database;

  constructor(readonly path: string, options: { busyTimeoutMs?: number } = {}) {
    mkdirSync(dirname(path), { recursive: true });
    this.db = new Database(path);
    // WAL: readers never wait for the writer; FULL: a committed acceptance survives a power cut, not only a crash.
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = FULL');
    this.db.pragma('foreign_keys = ON');
    // Another process holding the write lock: wait for it rather than fail (its transactions are short).
    this.db.pragma(`busy_timeout = ${options.busyTimeoutMs ?? 10_000}`);
    this.migrate();
  }

  /** Applies the migrations not yet applied, each in its own transaction, in order. */
  private migrate(): void {
    this.db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)');
    const applied = this.db.prepare('SELECT version FROM schema_migrations WHERE version = ?');
    const record = this.db.prepare('INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)');
    for (const m of MIGRATIONS) {
      // IMMEDIATE: two processes starting together apply each migration once.
      this.db.transaction(() => {
        if (applied.get(m.version)) return;
        this.db.exec(m.sql);
        record.run(m.version, new Date().toISOString());
      }).immediate();
    }
  }

  /** The applied schema versions (tests, diagnostics). */
  schemaVersions(): number[] {
    return (this.db.prepare('SELECT version FROM schema_migrations ORDER BY version').all() as Array<{ version: number }>).map((r) => r.version);
  }

  async saveQuote(q: Omit<QuoteRecord, 'circuitId'>): Promise<void> {
    // A quote is immutable once stored: saving an id again (a re-import) changes nothing.
    this.db.prepare('INSERT INTO quotes (id, created_at, valid_until, doc) VALUES (?, ?, ?, ?) ON CONFLICT(id) DO NOTHING')
      .run(q.id, q.createdAt, q.validUntil, JSON.stringify(q.doc));
  }

  private quoteRow(id: string): QuoteRecord | null {
    const r = this.db.prepare('SELECT q.id, q.created_at, q.valid_until, q.doc, c.id AS circuit_id FROM quotes q LEFT JOIN circuits c ON c.quote_id = q.id WHERE q.id = ?')
      .get(id) as QuoteRow | undefined;
    return r ? { id: r.id, createdAt: r.created_at, validUntil: r.valid_until, doc: JSON.parse(r.doc) as unknown, circuitId: r.circuit_id } : null;
  }

  async quote(id: string): Promise<QuoteRecord | null> {
    return this.quoteRow(id);
  }

  async purgeQuotes(validBefore: number): Promise<string[]> {
    // ISO 8601 UTC strings of one format compare as their times; an accepted quote stays with its circuit.
    const rows = this.db.prepare('DELETE FROM quotes WHERE valid_until < ? AND id NOT IN (SELECT quote_id FROM circuits) RETURNING id')
      .all(new Date(validBefore).toISOString()) as Array<{ id: string }>;
    return rows.map((r) => r.id).sort();
  }

  private totals(now: number): ReservedTotals {
    const rows = this.db.prepare(
      'SELECT r.segment, SUM(r.bps) AS bps, SUM(r.pairs) AS pairs FROM reservations r JOIN circuits c ON c.id = r.circuit_id '
      + 'WHERE c.end_at > ? AND (c.ended_at IS NULL OR c.ended_at > ?) GROUP BY r.segment',
    ).all(now, now) as Array<{ segment: string; bps: number; pairs: number }>;
    return new Map(rows.map((r) => [r.segment, { bps: r.bps, pairs: r.pairs }]));
  }

  async reserved(now: number): Promise<ReservedTotals> {
    return this.totals(now);
  }

  async accept<R>(quoteId: string, now: number, decide: (quote: QuoteRecord, reserved: ReservedTotals) => AcceptDecision<R>): Promise<AcceptOutcome<R>> {
    const insertCircuit = this.db.prepare('INSERT INTO circuits (id, quote_id, created_at, start_at, end_at, ended_at, doc) VALUES (?, ?, ?, ?, ?, NULL, ?)');
    const insertReservation = this.db.prepare('INSERT INTO reservations (circuit_id, segment, bps, pairs) VALUES (?, ?, ?, ?)');
    const hold = Number(process.env[HOLD_ENV] ?? 0);
    const run = this.db.transaction((): AcceptOutcome<R> => {
      const quote = this.quoteRow(quoteId);
      if (!quote) return { kind: 'no-quote' };
      if (quote.circuitId) return { kind: 'already-accepted', circuitId: quote.circuitId };
      const decision = decide(quote, this.totals(now));
      if ('refuse' in decision) return { kind: 'refused', reason: decision.refuse };
      const c = decision.accept;
      insertCircuit.run(c.id, quoteId, c.createdAt, c.startAt, c.endAt, JSON.stringify(c.doc));
      for (const r of c.reservations) insertReservation.run(c.id, r.segment, r.bps, r.pairs);
      if (hold > 0) {
        process.stderr.write(`records: holding acceptance of ${quoteId} open for ${hold} ms\n`);
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, hold);
      }
      return { kind: 'accepted', circuit: { ...c, quoteId, endedAt: null } };
    });
    // IMMEDIATE: the write lock is taken before the reservations are read, not at the first write.
    return run.immediate();
  }

  private reservationsOf(id: string): Reservation[] {
    return this.db.prepare('SELECT segment, bps, pairs FROM reservations WHERE circuit_id = ? ORDER BY segment').all(id) as Reservation[];
  }

  private toRecord(r: CircuitRow): CircuitRecord {
    return {
      id: r.id, quoteId: r.quote_id, createdAt: r.created_at, startAt: r.start_at, endAt: r.end_at, endedAt: r.ended_at,
      doc: JSON.parse(r.doc) as unknown, reservations: this.reservationsOf(r.id),
    };
  }

  async circuits(): Promise<CircuitRecord[]> {
    const rows = this.db.prepare('SELECT * FROM circuits ORDER BY created_at DESC, id').all() as CircuitRow[];
    return rows.map((r) => this.toRecord(r));
  }

  async circuit(id: string): Promise<CircuitRecord | null> {
    const r = this.db.prepare('SELECT * FROM circuits WHERE id = ?').get(id) as CircuitRow | undefined;
    return r ? this.toRecord(r) : null;
  }

  async endCircuit(id: string, at: number): Promise<CircuitRecord | null> {
    return this.db.transaction((): CircuitRecord | null => {
      this.db.prepare('UPDATE circuits SET ended_at = ? WHERE id = ? AND ended_at IS NULL').run(at, id);
      const r = this.db.prepare('SELECT * FROM circuits WHERE id = ?').get(id) as CircuitRow | undefined;
      return r ? this.toRecord(r) : null;
    }).immediate();
  }

  async close(): Promise<void> {
    this.db.close();
  }
}
