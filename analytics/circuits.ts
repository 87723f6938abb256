// Circuits: what an accepted quote becomes, and the pure analytics around it (plain data in and out).
// - reservations: a lit circuit holds its committed bandwidth on every segment of its route(s), a dark one its
//   pairs; the figures subtract them (surplus.ts's sellableBps/freeDarkPairs take the reserved amount);
// - the acceptance check: the quote's service against the current figures and the reservations read inside
//   the acceptance transaction, naming the first segment that no longer has room;
// - the revenue schedule: the quote's total spread over the months of the term, split per month between the
//   single-window operator and the owners (integer cents, largest remainder, as pricing.ts);
// - 95th-percentile billing of a lit circuit's customer-facing interface over a calendar month.
import { z } from 'zod';
import { MeasuredBy } from '../config/schema.js';
import { BUCKET_MS } from '../store/schema.js';
import type { Reservation, ReservedTotals } from '../store/records.js';
import type { SegmentFigures } from './model.js';
import { PriceSchema, ServiceSchema, splitRevenue } from './pricing.js';
import { QuoteRouteSchema, ResolvedEndpointSchema, type Quote } from './quote.js';
import { percentileRank } from './stats.js';
import { freeDarkPairs, sellableBps } from './surplus.js';

const IsoString = z.string().describe('ISO 8601 UTC');

export const CircuitInterfaceSchema = MeasuredBy.describe('the customer-facing interface whose traffic is billed, named like a segment’s measuredBy (device and one of ifName, ifAlias, ifIndex): in = from the customer, out = to the customer');

/** What the caller may add when accepting a quote. */
export const AcceptRequest = z.object({
  /** Default: the moment of acceptance. At most a year ahead. */
  startAt: z.string().optional().describe('service start, ISO 8601 (UTC unless an offset is given); default now'),
  interface: CircuitInterfaceSchema.optional(),
  burstBps: z.number().int().positive().max(1e12).optional().describe('lit: the rate the customer may burst to (≥ the committed bandwidth); default the committed bandwidth'),
  customer: z.string().trim().min(1).max(200).optional().describe('overrides the quote’s customer'),
}).strict();
export type AcceptRequest = z.infer<typeof AcceptRequest>;

export const ReservationSchema = z.object({
  segment: z.string(),
  bps: z.number().int().describe('lit bandwidth reserved, bit/s'),
  pairs: z.number().int().describe('dark fibre pairs reserved'),
});

export const CircuitSchema = z.object({
  id: z.string(),
  quoteId: z.string(),
  customer: z.string().nullable(),
  service: ServiceSchema,
  protection: z.enum(['none', 'diverse']),
  endpoints: z.object({ from: ResolvedEndpointSchema, to: ResolvedEndpointSchema }),
  routes: z.array(QuoteRouteSchema).describe('the route(s) of the quote, with the figures it was priced on'),
  termMonths: z.number().int(),
  createdAt: IsoString,
  acceptedBy: z.string().describe('the name of the token that accepted the quote'),
  startAt: IsoString,
  endAt: IsoString.describe('start + term months (calendar months, UTC)'),
  endedAt: IsoString.nullable().describe('when it was ended before its term'),
  status: z.enum(['active', 'ended']),
  monthlyCents: z.number().int().describe('the quote’s monthly charge before the term discount, euro cents'),
  price: PriceSchema.describe('the accepted quote’s price'),
  reservations: z.array(ReservationSchema),
  interface: CircuitInterfaceSchema.nullable(),
  committedBps: z.number().int().nullable().describe('lit: the committed rate (the quote’s bandwidth)'),
  burstBps: z.number().int().nullable(),
  overagePerMbpsCents: z.number().int().describe('lit: price per whole Mbit/s of p95 above the committed rate, per month (the price book’s per-Mbps rate at acceptance)'),
});
export type Circuit = z.infer<typeof CircuitSchema>;

/** C-<UTC date>-<8 hex digits>, like quote ids. */
export const CIRCUIT_ID = /^C-\d{8}-[0-9a-f]{8}$/;

/** Epoch ms of `t` plus `months` calendar months (UTC); the day of month is clamped (31 Jan + 1 = 28/29 Feb). */
export function addMonths(t: number, months: number): number {
  const d = new Date(t);
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth() + months;
  const lastDay = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  return Date.UTC(y, m, Math.min(d.getUTCDate(), lastDay), d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds(), d.getUTCMilliseconds());
}

/** What a quote holds on each segment once accepted (diverse routes are disjoint; sums are kept anyway). */
export function reservationsOf(quote: Pick<Quote, 'request' | 'routes'>): Reservation[] {
  const service = quote.request.service;
  const by = new Map<string, Reservation>();
  for (const route of quote.routes) {
    for (const s of route.segments) {
      const r = by.get(s.id) ?? { segment: s.id, bps: 0, pairs: 0 };
      if (service.kind === 'lit') r.bps += service.bandwidthBps; else r.pairs += service.pairs;
      by.set(s.id, r);
    }
  }
  return [...by.values()].sort((x, y) => (x.segment < y.segment ? -1 : x.segment > y.segment ? 1 : 0));
}

export type AcceptRefusal =
  | { code: 'quote_expired'; message: string; validUntil: string }
  | { code: 'insufficient_capacity'; message: string; segment: string; availableBps?: number; availablePairs?: number; needed: number }
  | { code: 'unknown_segment'; message: string; segment: string };

/**
 * Whether the quote can still be accepted at `now`: not expired, and every segment of its route(s) still has
 * room for the service against the measured figures (p95 per direction, lit capacity, the cadastre's pairs)
 * minus the reservations active now. The first segment (in route order) lacking room is named.
 */
export function checkAcceptance(quote: Pick<Quote, 'validUntil' | 'request' | 'routes'>, figures: readonly SegmentFigures[], reserved: ReservedTotals, maxLoad: number, now: number): AcceptRefusal | null {
  if (Date.parse(quote.validUntil) <= now) {
    return { code: 'quote_expired', message: `the quote expired at ${quote.validUntil}: ask for a new quote`, validUntil: quote.validUntil };
  }
  const byId = new Map(figures.map((f) => [f.id, f]));
  const service = quote.request.service;
  for (const route of quote.routes) {
    for (const s of route.segments) {
      const f = byId.get(s.id);
      if (!f) return { code: 'unknown_segment', message: `segment ${s.id} of the quote is no longer in the cadastre`, segment: s.id };
      const held = reserved.get(s.id) ?? { bps: 0, pairs: 0 };
      if (service.kind === 'lit') {
        const available = sellableBps(f.litCapacityBps, maxLoad, f.ab.p95Bps, f.ba.p95Bps, held.bps);
        if (available < service.bandwidthBps) {
          return { code: 'insufficient_capacity', message: `segment ${s.id} has ${Math.round(available)} bit/s sellable left, the circuit needs ${service.bandwidthBps} bit/s`, segment: s.id, availableBps: available, needed: service.bandwidthBps };
        }
      } else {
        const available = freeDarkPairs(f.pairs, held.pairs);
        if (available < service.pairs) {
          return { code: 'insufficient_capacity', message: `segment ${s.id} has ${available} free dark pair(s) left, the circuit needs ${service.pairs}`, segment: s.id, availablePairs: available, needed: service.pairs };
        }
      }
    }
  }
  return null;
}

/** The circuit an accepted quote becomes (checkAcceptance said yes). */
export function buildCircuit(quote: Quote, req: AcceptRequest, id: string, now: number, startAt: number, acceptedBy: string, perMbpsMonthCents: number): Circuit {
  const service = quote.request.service;
  const committed = service.kind === 'lit' ? service.bandwidthBps : null;
  return {
    id,
    quoteId: quote.id,
    customer: req.customer ?? quote.request.customer ?? null,
    service,
    protection: quote.request.protection,
    endpoints: quote.endpoints,
    routes: quote.routes,
    termMonths: quote.request.termMonths,
    createdAt: new Date(now).toISOString(),
    acceptedBy,
    startAt: new Date(startAt).toISOString(),
    endAt: new Date(addMonths(startAt, quote.request.termMonths)).toISOString(),
    endedAt: null,
    status: 'active',
    monthlyCents: quote.price.monthly.totalCents,
    price: quote.price,
    reservations: reservationsOf(quote),
    interface: req.interface ?? null,
    committedBps: committed,
    burstBps: committed === null ? null : Math.max(committed, req.burstBps ?? committed),
    overagePerMbpsCents: service.kind === 'lit' ? perMbpsMonthCents : 0,
  };
}

/** The circuit as stored, with its end and status as of `now`. */
export function circuitAt(doc: Circuit, endedAt: number | null, now: number): Circuit {
  const end = Math.min(Date.parse(doc.endAt), endedAt ?? Infinity);
  return { ...doc, endedAt: endedAt === null ? null : new Date(endedAt).toISOString(), status: end > now ? 'active' : 'ended' };
}

/** "2026-11" of an epoch ms (UTC). */
export const monthOf = (t: number): string => new Date(t).toISOString().slice(0, 7);

/** [start, end) epoch ms of a "YYYY-MM" month, UTC. */
export function monthRange(month: string): { from: number; to: number } {
  const m = /^(\d{4})-(\d{2})$/.exec(month);
  if (!m || Number(m[2]) < 1 || Number(m[2]) > 12) throw new Error(`not a month (YYYY-MM): ${month}`);
  return { from: Date.UTC(Number(m[1]), Number(m[2]) - 1, 1), to: Date.UTC(Number(m[1]), Number(m[2]), 1) };
}

export const MonthRevenueSchema = z.object({
  month: z.string().describe('YYYY-MM (UTC)'),
  oneOffCents: z.number().int().describe('setup and access build, billed in the month service starts'),
  recurringCents: z.number().int().describe('this month’s part of the discounted recurring charge'),
  totalCents: z.number().int(),
  operatorCents: z.number().int(),
  owners: z.array(z.object({ owner: z.string(), cents: z.number().int() })),
});
export type MonthRevenue = z.infer<typeof MonthRevenueSchema>;

/** Splits one month's amount like the quote's split: the operator's share half up, owners by metres, largest remainder. */
export function splitMonth(price: Circuit['price'], cents: number): { operatorCents: number; owners: Array<{ owner: string; cents: number }> } {
  const s = splitRevenue(BigInt(cents), BigInt(price.revenueSplit.operatorShareMillionths), price.revenueSplit.owners.map((o) => ({ key: o.owner, weight: BigInt(o.metres) })));
  return { operatorCents: Number(s.operator), owners: price.revenueSplit.owners.map((o) => ({ owner: o.owner, cents: Number(s.parts.get(o.owner) ?? 0n) })) };
}

/**
 * The contracted revenue of a circuit per calendar month (UTC): the one-off part (setup, access build) in the
 * month service starts; the discounted recurring charge (recurring − discount) spread over the term's months in
 * proportion to the milliseconds of service each holds, by largest remainder, so the months sum exactly to it.
 * A circuit ended before its term is billed up to and including the month it ends in (a month begun is due).
 * Each month is split between the operator and the owners (splitMonth).
 */
export function revenueSchedule(c: Pick<Circuit, 'startAt' | 'endAt' | 'endedAt' | 'price'>): MonthRevenue[] {
  const start = Date.parse(c.startAt);
  const end = Date.parse(c.endAt);
  const weights: Array<{ key: string; weight: bigint }> = [];
  for (let t = start; t < end;) {
    const month = monthOf(t);
    const next = Math.min(end, monthRange(month).to);
    weights.push({ key: month, weight: BigInt(next - t) });
    t = next;
  }
  const net = BigInt(c.price.recurringCents - c.price.discountCents);
  const parts = splitRevenue(net, 0n, weights).parts;
  const lastMonth = c.endedAt === null ? null : monthOf(Math.max(start, Date.parse(c.endedAt) - 1));
  const out: MonthRevenue[] = [];
  weights.forEach((w, i) => {
    if (lastMonth !== null && w.key > lastMonth) return;
    const oneOff = i === 0 ? c.price.oneOffCents : 0;
    const recurring = Number(parts.get(w.key) ?? 0n);
    const total = oneOff + recurring;
    out.push({ month: w.key, oneOffCents: oneOff, recurringCents: recurring, totalCents: total, ...splitMonth(c.price, total) });
  });
  return out;
}

export const OwnerMonthSchema = z.object({
  month: z.string(),
  operatorCents: z.number().int(),
  owners: z.array(z.object({ owner: z.string(), cents: z.number().int(), circuits: z.number().int() })),
  totalCents: z.number().int(),
  circuits: z.number().int(),
});
export type OwnerMonth = z.infer<typeof OwnerMonthSchema>;

/** Revenue per owner (and the operator) per month across circuits, for the months in [from, to] ("YYYY-MM"). */
export function revenueByOwner(circuits: ReadonlyArray<Pick<Circuit, 'startAt' | 'endAt' | 'endedAt' | 'price'>>, from: string, to: string): OwnerMonth[] {
  const months = new Map<string, { operator: number; total: number; circuits: number; owners: Map<string, { cents: number; circuits: number }> }>();
  for (const c of circuits) {
    for (const m of revenueSchedule(c)) {
      if (m.month < from || m.month > to) continue;
      const acc = months.get(m.month) ?? { operator: 0, total: 0, circuits: 0, owners: new Map() };
      acc.operator += m.operatorCents;
      acc.total += m.totalCents;
      acc.circuits += 1;
      for (const o of m.owners) {
        const x = acc.owners.get(o.owner) ?? { cents: 0, circuits: 0 };
        x.cents += o.cents; x.circuits += 1;
        acc.owners.set(o.owner, x);
      }
      months.set(m.month, acc);
    }
  }
  return [...months.keys()].sort().map((month) => {
    const a = months.get(month)!;
    return {
      month,
      operatorCents: a.operator,
      owners: [...a.owners.keys()].sort().map((owner) => ({ owner, ...a.owners.get(owner)! })),
      totalCents: a.total,
      circuits: a.circuits,
    };
  });
}

export const BillingSchema = z.object({
  month: z.string(),
  window: z.object({ from: IsoString, to: IsoString }).describe('the month clipped to the circuit’s service'),
  expectedSamples: z.number().int().describe('5-minute buckets in the window (8,640 in a whole 30-day month)'),
  samples: z.object({ in: z.number().int(), out: z.number().int() }).describe('buckets with at least one measurement'),
  dropped: z.object({ in: z.number().int(), out: z.number().int() }).describe('the highest 5 % left out (432 of 8,640)'),
  p95Bps: z.object({ in: z.number().nullable(), out: z.number().nullable() }).describe('⌈0.95·N⌉-th smallest 5-minute average, bit/s'),
  billedBps: z.number().nullable().describe('the larger of the two p95'),
  billedDirection: z.enum(['in', 'out']).nullable(),
  committedBps: z.number().int(),
  burstBps: z.number().int(),
  aboveBurst: z.boolean().describe('the billed rate exceeds the burst rate'),
  overageBps: z.number().describe('max(0, billed − committed)'),
  overageMbps: z.number().int().describe('the overage in whole Mbit/s, rounded up'),
  overagePerMbpsCents: z.number().int(),
  overageCents: z.number().int(),
  recurringCents: z.number().int().describe('this month’s contracted charge (revenue schedule)'),
  oneOffCents: z.number().int(),
  totalCents: z.number().int(),
  operatorCents: z.number().int(),
  owners: z.array(z.object({ owner: z.string(), cents: z.number().int() })),
  rules: z.array(z.string()),
});
export type Billing = z.infer<typeof BillingSchema>;

export const BILLING_RULES = [
  'Samples are the 5-minute averages (UTC buckets) of the customer-facing interface’s rates over the month, clipped to the circuit’s service; a bucket without a measurement is left out.',
  'p95 per direction is the ⌈0.95·N⌉-th smallest of its N samples: with 8,640 samples (a 30-day month) the 432 highest are dropped; a 31-day month has 8,928 samples and drops 446.',
  'The billed rate is the larger of the in and out p95.',
  'Overage = billed rate − committed rate when positive, in whole Mbit/s rounded up, × the circuit’s overage price per Mbit/s.',
  'The month’s contracted charge comes from the revenue schedule; the total (contracted + overage) is split between the operator and the owners like the quote.',
] as const;

/** The ⌈0.95·N⌉-th smallest of the values (null when empty), and how many lie above it. */
export function billingP95(values: readonly number[]): { p95: number | null; n: number; dropped: number } {
  const n = values.length;
  if (n === 0) return { p95: null, n, dropped: 0 };
  const sorted = Float64Array.from(values).sort();
  const rank = percentileRank(n);
  return { p95: sorted[rank - 1], n, dropped: n - rank };
}

/**
 * The 95th-percentile billing of a lit circuit for a month, from the 5-minute averages of its interface
 * (in: from the customer, out: to the customer) in the month clipped to its service.
 */
export function monthlyBilling(c: Circuit, month: string, buckets: ReadonlyArray<{ time: number; inBps: number | null; outBps: number | null }>): Billing {
  if (c.service.kind !== 'lit' || c.committedBps === null || c.burstBps === null) throw new Error(`circuit ${c.id} is not a lit circuit: no usage billing`);
  const range = monthRange(month);
  const from = Math.max(range.from, Date.parse(c.startAt));
  const to = Math.max(from, Math.min(range.to, Date.parse(c.endAt), c.endedAt ? Date.parse(c.endedAt) : Infinity));
  const inside = buckets.filter((b) => b.time >= from && b.time < to);
  const ins = billingP95(inside.flatMap((b) => (b.inBps === null ? [] : [b.inBps])));
  const outs = billingP95(inside.flatMap((b) => (b.outBps === null ? [] : [b.outBps])));
  const billed = ins.p95 === null && outs.p95 === null ? null : Math.max(ins.p95 ?? -Infinity, outs.p95 ?? -Infinity);
  const direction = billed === null ? null : (outs.p95 !== null && outs.p95 === billed ? 'out' : 'in');
  const overageBps = billed === null ? 0 : Math.max(0, billed - c.committedBps);
  const overageMbps = Math.ceil(overageBps / 1e6 - 1e-9);
  const overageCents = overageMbps * c.overagePerMbpsCents;
  const contracted = revenueSchedule(c).find((m) => m.month === month);
  const recurring = contracted?.recurringCents ?? 0;
  const oneOff = contracted?.oneOffCents ?? 0;
  const total = recurring + oneOff + overageCents;
  return {
    month,
    window: { from: new Date(from).toISOString(), to: new Date(to).toISOString() },
    expectedSamples: Math.ceil((to - from) / BUCKET_MS),
    samples: { in: ins.n, out: outs.n },
    dropped: { in: ins.dropped, out: outs.dropped },
    p95Bps: { in: ins.p95, out: outs.p95 },
    billedBps: billed,
    billedDirection: direction,
    committedBps: c.committedBps,
    burstBps: c.burstBps,
    aboveBurst: billed !== null && billed > c.burstBps,
    overageBps,
    overageMbps,
    overagePerMbpsCents: c.overagePerMbpsCents,
    overageCents,
    recurringCents: recurring,
    oneOffCents: oneOff,
    totalCents: total,
    ...splitMonth(c.price, total),
    rules: [...BILLING_RULES],
  };
}
