// Quote prices from the price book, in integer euro cents. Every product and quotient is computed on
// BigInt, so no figure depends on floating-point rounding; the only conversions from real numbers happen
// once, at the start, and are documented rules (PRICING_RULES). Pure.
import { z } from 'zod';
import type { PriceBook } from '../config/schema.js';
import { render, sentence } from '../common/i18n.js';

const BPS_CAP = sentence('error.bandwidthCap', {});
const WHOLE_BPS = sentence('error.wholeBps', {});

export const ServiceSchema = z.discriminatedUnion('kind', [
  // The cap before the whole-number check, so that 1e30 is told the cap, not the float's safe-integer range; the
  // network's own cap (its largest lit capacity) is checked by composeQuote. Both say their reason as a sentence of
  // the catalogue (`params.says`: the API answers it in the reader's language); the cap stops there (`abort`), the
  // `.max` after it only documents the maximum in the OpenAPI document.
  z.object({
    kind: z.literal('lit'),
    bandwidthBps: z.number().positive()
      .refine((v) => v <= 1e12, { message: render(BPS_CAP, 'en'), params: { says: BPS_CAP }, abort: true }).max(1e12)
      .refine(Number.isInteger, { message: render(WHOLE_BPS, 'en'), params: { says: WHOLE_BPS } })
      .describe('committed bandwidth, bits per second (whole), at most the largest lit capacity of the network'),
  }).strict(),
  z.object({ kind: z.literal('dark'), pairs: z.number().int().min(1).max(1000).describe('fibre pairs') }).strict(),
]);
export type Service = z.infer<typeof ServiceSchema>;

/** The rounding rules, quoted into every price so that a reader can reproduce it by hand. */
export const PRICING_RULES = [
  'Segment lengths and access-build distances are rounded to whole metres (half up) before pricing.',
  'Monthly charge per segment: dark = metres × pairs × per-pair-km rate / 1000; lit = metres × per-km rate / 1000; each rounded to the cent, half up.',
  'Lit bandwidth charge per route per month: bandwidth bps × per-Mbps rate / 1,000,000, rounded to the cent, half up.',
  'Recurring = monthly total × term months; the term discount (largest discount whose minimum term is met) = recurring × basis points / 10,000, rounded half up, applies to the recurring part only.',
  'One-off = setup + access build (metres × per-metre rate); total = one-off + recurring − discount.',
  'Revenue split: the operator share = total × share (in millionths) / 1,000,000, rounded half up; the rest goes to the owners in proportion to their metres on the route(s), by largest remainder (ties: owner id), so the parts sum exactly to the total.',
  'Diverse protection: the setup is charged once; distance charges apply to every segment of both routes, and the lit bandwidth charge to each route.',
] as const;

/** round(num / den) with halves rounded up; num ≥ 0, den > 0. */
export function divRoundHalfUp(num: bigint, den: bigint): bigint {
  if (den <= 0n) throw new Error('divRoundHalfUp: denominator must be positive');
  if (num < 0n) throw new Error('divRoundHalfUp: numerator must be ≥ 0');
  return (2n * num + den) / (2n * den);
}

/** Whole metres from a length (half up), the one place where a real length becomes an integer. */
export function wholeMetres(metres: number): bigint {
  if (!(metres >= 0) || !Number.isFinite(metres)) throw new Error(`length must be a finite number ≥ 0, got ${metres}`);
  return BigInt(Math.floor(metres + 0.5));
}

const toNumber = (v: bigint, what: string): number => {
  if (v > BigInt(Number.MAX_SAFE_INTEGER)) throw new Error(`${what} exceeds the largest exact number (${v} cents)`);
  return Number(v);
};

const int = (n: number, what: string): bigint => {
  if (!Number.isInteger(n) || n < 0) throw new Error(`${what} must be an integer ≥ 0, got ${n}`);
  return BigInt(n);
};

export interface PricedSegment { id: string; owner: string; lengthMetres: number }

export interface AccessBuild {
  endpoint: 'from' | 'to';
  /** The site the access connects to. */
  site: string;
  /** Distance from the coordinate to the site (turf), metres. */
  metres: number;
}

export interface PriceInput {
  priceBook: PriceBook;
  service: Service;
  termMonths: number;
  /** One route, or two for diverse protection; each a list of segments. */
  routes: ReadonlyArray<ReadonlyArray<PricedSegment>>;
  access: ReadonlyArray<AccessBuild>;
  /** 0..1, the single-window operator's share of the revenue. */
  revenueShareOperator: number;
}

const Cents = z.number().int().describe('euro cents');
const Metres = z.number().int().describe('whole metres');

export const SegmentLineSchema = z.object({
  route: z.number().int().describe('0 = the primary route, 1 = the diverse one'),
  id: z.string(),
  owner: z.string(),
  metres: Metres,
  monthlyCents: Cents,
});
export type SegmentLine = z.infer<typeof SegmentLineSchema>;

export const OwnerLineSchema = z.object({
  owner: z.string(),
  metres: Metres,
  segments: z.number().int(),
  monthlyCents: Cents.describe('the monthly distance charges of this owner\'s segments'),
  revenueCents: Cents.describe('this owner\'s part of the total (revenue split)'),
});
export type OwnerLine = z.infer<typeof OwnerLineSchema>;

export const PriceSchema = z.object({
  currency: z.literal('EUR'),
  setupCents: Cents,
  accessBuild: z.array(z.object({ endpoint: z.enum(['from', 'to']), site: z.string(), metres: Metres, cents: Cents })),
  accessBuildCents: Cents,
  monthly: z.object({ bandwidthCents: Cents, distanceCents: Cents, totalCents: Cents }),
  termMonths: z.number().int(),
  recurringCents: Cents.describe('monthly total × term months'),
  discountBp: z.number().int().describe('term discount, basis points'),
  discountCents: Cents,
  oneOffCents: Cents,
  totalCents: Cents,
  segments: z.array(SegmentLineSchema),
  owners: z.array(OwnerLineSchema),
  revenueSplit: z.object({
    operatorShareMillionths: z.number().int(),
    operatorCents: Cents,
    owners: z.array(z.object({ owner: z.string(), metres: Metres, cents: Cents })),
  }),
  rules: z.array(z.string()).describe('the rounding rules, in words'),
});
export type Price = z.infer<typeof PriceSchema>;

/** The largest discount whose minimum term the term meets; 0 when none does. */
export function termDiscountBp(priceBook: PriceBook, termMonths: number): number {
  let best = 0;
  for (const d of priceBook.termDiscounts) if (termMonths >= d.minMonths && d.discountBp > best) best = d.discountBp;
  return best;
}

/**
 * Splits `total` cents: the operator's share first (rounded half up), the rest in proportion to the
 * weights by largest remainder (floor each share, then one cent each to the largest remainders, ties by
 * key). The parts always sum to `total`. With no positive weight, the rest also goes to the operator.
 */
export function splitRevenue(total: bigint, operatorMillionths: bigint, weights: ReadonlyArray<{ key: string; weight: bigint }>): { operator: bigint; parts: Map<string, bigint> } {
  let operator = divRoundHalfUp(total * operatorMillionths, 1_000_000n);
  const rest = total - operator;
  const parts = new Map<string, bigint>();
  const sum = weights.reduce((s, w) => s + w.weight, 0n);
  if (sum === 0n) {
    operator += rest;
    for (const w of weights) parts.set(w.key, 0n);
    return { operator, parts };
  }
  let given = 0n;
  const remainders: Array<{ key: string; rem: bigint }> = [];
  for (const w of weights) {
    const q = (rest * w.weight) / sum;
    parts.set(w.key, q);
    given += q;
    remainders.push({ key: w.key, rem: (rest * w.weight) % sum });
  }
  remainders.sort((x, y) => (x.rem > y.rem ? -1 : x.rem < y.rem ? 1 : x.key < y.key ? -1 : x.key > y.key ? 1 : 0));
  for (let left = rest - given, i = 0; left > 0n; left--, i++) {
    const k = remainders[i].key;
    parts.set(k, (parts.get(k) as bigint) + 1n);
  }
  return { operator, parts };
}

export function priceQuote(input: PriceInput): Price {
  const { priceBook: pb, service } = input;
  const term = int(input.termMonths, 'termMonths');
  if (term === 0n) throw new Error('termMonths must be at least 1');
  if (input.routes.length < 1 || input.routes.length > 2) throw new Error('a quote prices one route, or two for diverse protection');

  const segments: SegmentLine[] = [];
  let distance = 0n;
  input.routes.forEach((route, r) => {
    for (const s of route) {
      const metres = wholeMetres(s.lengthMetres);
      const monthly = service.kind === 'dark'
        ? divRoundHalfUp(metres * int(service.pairs, 'pairs') * int(pb.dark.perPairKmMonthCents, 'dark.perPairKmMonthCents'), 1000n)
        : divRoundHalfUp(metres * int(pb.lit.perKmMonthCents, 'lit.perKmMonthCents'), 1000n);
      distance += monthly;
      segments.push({ route: r, id: s.id, owner: s.owner, metres: Number(metres), monthlyCents: toNumber(monthly, 'segment charge') });
    }
  });
  const bandwidth = service.kind === 'lit'
    ? BigInt(input.routes.length) * divRoundHalfUp(int(service.bandwidthBps, 'bandwidthBps') * int(pb.lit.perMbpsMonthCents, 'lit.perMbpsMonthCents'), 1_000_000n)
    : 0n;
  const monthly = distance + bandwidth;
  const recurring = monthly * term;
  const discountBp = termDiscountBp(pb, input.termMonths);
  const discount = divRoundHalfUp(recurring * BigInt(discountBp), 10_000n);
  const setup = int(service.kind === 'dark' ? pb.dark.setupCents : pb.lit.setupCents, 'setupCents');
  const perMetre = int(pb.accessBuildPerMetreCents, 'accessBuildPerMetreCents');
  const access = input.access.map((a) => {
    const metres = wholeMetres(a.metres);
    return { endpoint: a.endpoint, site: a.site, metres: Number(metres), cents: metres * perMetre };
  });
  const accessTotal = access.reduce((s, a) => s + a.cents, 0n);
  const oneOff = setup + accessTotal;
  const total = oneOff + recurring - discount;

  const byOwner = new Map<string, { metres: bigint; segments: number; monthly: bigint }>();
  for (const s of segments) {
    const o = byOwner.get(s.owner) ?? { metres: 0n, segments: 0, monthly: 0n };
    o.metres += BigInt(s.metres); o.segments += 1; o.monthly += BigInt(s.monthlyCents);
    byOwner.set(s.owner, o);
  }
  const ownerIds = [...byOwner.keys()].sort();
  const share = input.revenueShareOperator;
  if (!(share >= 0 && share <= 1)) throw new Error(`revenueShareOperator must be within 0..1, got ${share}`);
  const millionths = BigInt(Math.round(share * 1_000_000));
  const split = splitRevenue(total, millionths, ownerIds.map((o) => ({ key: o, weight: (byOwner.get(o) as { metres: bigint }).metres })));

  return {
    currency: 'EUR',
    setupCents: toNumber(setup, 'setup'),
    accessBuild: access.map((a) => ({ ...a, cents: toNumber(a.cents, 'access build') })),
    accessBuildCents: toNumber(accessTotal, 'access build'),
    monthly: { bandwidthCents: toNumber(bandwidth, 'bandwidth charge'), distanceCents: toNumber(distance, 'distance charge'), totalCents: toNumber(monthly, 'monthly') },
    termMonths: input.termMonths,
    recurringCents: toNumber(recurring, 'recurring'),
    discountBp,
    discountCents: toNumber(discount, 'discount'),
    oneOffCents: toNumber(oneOff, 'one-off'),
    totalCents: toNumber(total, 'total'),
    segments,
    owners: ownerIds.map((o) => {
      const v = byOwner.get(o) as { metres: bigint; segments: number; monthly: bigint };
      return { owner: o, metres: Number(v.metres), segments: v.segments, monthlyCents: toNumber(v.monthly, 'owner charge'), revenueCents: toNumber(split.parts.get(o) as bigint, 'owner revenue') };
    }),
    revenueSplit: {
      operatorShareMillionths: Number(millionths),
      operatorCents: toNumber(split.operator, 'operator share'),
      owners: ownerIds.map((o) => ({ owner: o, metres: Number((byOwner.get(o) as { metres: bigint }).metres), cents: toNumber(split.parts.get(o) as bigint, 'owner revenue') })),
    },
    rules: [...PRICING_RULES],
  };
}

/** "€1,234.56" from cents, for documents and sentences. */
export function formatEuros(cents: number): string {
  const sign = cents < 0 ? '−' : '';
  const abs = Math.abs(cents);
  const euros = Math.floor(abs / 100).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${sign}€${euros}.${String(abs % 100).padStart(2, '0')}`;
}
