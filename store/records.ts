// The business records: quotes, circuits and the capacity their circuits reserve on each segment. One narrow
// interface, so that the embedded SQLite file (records-sqlite.ts, the default) and a server database for
// production are interchangeable. Documents (a quote, a circuit) are stored as JSON whose shape belongs to
// analytics/ (this layer may not import it); the columns the store itself needs (ids, times, reservations)
// are typed here. Every change that must be all-or-nothing (accepting a quote) is one method, so that each
// implementation runs it as one transaction.

/** A stored quote: its document and the fields the store indexes. */
export interface QuoteRecord {
  id: string;
  /** ISO 8601 UTC. */
  createdAt: string;
  validUntil: string;
  /** The quote as analytics/quote.ts shapes it. */
  doc: unknown;
  /** The circuit that accepted it, if any. */
  circuitId: string | null;
}

/** Capacity a circuit holds on one segment: lit bandwidth (bit/s) and dark fibre pairs. */
export interface Reservation {
  segment: string;
  bps: number;
  pairs: number;
}

export interface CircuitRecord {
  id: string;
  quoteId: string;
  /** Epoch ms. */
  createdAt: number;
  startAt: number;
  /** End of the term. */
  endAt: number;
  /** When it was ended before its term (DELETE), else null. */
  endedAt: number | null;
  /** The circuit as analytics/circuits.ts shapes it. */
  doc: unknown;
  reservations: Reservation[];
}

/** Per segment, the sum of the reservations of the circuits active at a time. */
export type ReservedTotals = Map<string, { bps: number; pairs: number }>;

/** What the caller decides inside the acceptance transaction, from the quote and the current reservations. */
export type AcceptDecision<R> =
  | { accept: Omit<CircuitRecord, 'endedAt'> }
  | { refuse: R };

export type AcceptOutcome<R> =
  | { kind: 'accepted'; circuit: CircuitRecord }
  | { kind: 'refused'; reason: R }
  | { kind: 'no-quote' }
  | { kind: 'already-accepted'; circuitId: string };

export interface RecordStore {
  /** `sqlite` or `postgres`: for logs and the health answer. */
  readonly kind: string;
  saveQuote(quote: Omit<QuoteRecord, 'circuitId'>): Promise<void>;
  /** Null when unknown. */
  quote(id: string): Promise<QuoteRecord | null>;
  /** Deletes the quotes whose validity ended before `validBefore` (epoch ms) and that no circuit accepted; the ids. */
  purgeQuotes(validBefore: number): Promise<string[]>;
  /**
   * Accepts a quote atomically: inside one transaction that excludes every other acceptance (also from other
   * processes sharing the database), reads the quote and the reservations active at `now`, asks `decide`, and
   * when it accepts writes the circuit, its reservations and the quote's acceptance together. `decide` must be
   * pure and synchronous: it runs while the transaction holds the write lock.
   */
  accept<R>(quoteId: string, now: number, decide: (quote: QuoteRecord, reserved: ReservedTotals) => AcceptDecision<R>): Promise<AcceptOutcome<R>>;
  /** Every circuit, newest first. */
  circuits(): Promise<CircuitRecord[]>;
  circuit(id: string): Promise<CircuitRecord | null>;
  /**
   * Ends a circuit at `at` (its reservations are released from then on). Ending an ended circuit changes
   * nothing. Null when unknown.
   */
  endCircuit(id: string, at: number): Promise<CircuitRecord | null>;
  /** Reservations of the circuits active at `now`: accepted, not ended, term not over. */
  reserved(now: number): Promise<ReservedTotals>;
  close(): Promise<void>;
}

/** Where the records live: `sqlite:PATH` (or a bare path) or `postgres://…`. */
export interface RecordsLocation {
  kind: 'sqlite' | 'postgres';
  /** File path (sqlite) or connection URL (postgres). */
  target: string;
}

export function parseRecordsLocation(spec: string): RecordsLocation {
  if (/^postgres(ql)?:\/\//.test(spec)) return { kind: 'postgres', target: spec };
  const path = spec.startsWith('sqlite:') ? spec.slice('sqlite:'.length) : spec;
  if (!path) throw new Error('records: an empty SQLite path');
  return { kind: 'sqlite', target: path };
}

/** The circuit is active (holds its reservations) at `now`. */
export const isActive = (c: Pick<CircuitRecord, 'endAt' | 'endedAt'>, now: number): boolean => Math.min(c.endAt, c.endedAt ?? Infinity) > now;
