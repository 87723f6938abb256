// Pure capacity figures of the definitions: utilisation, sellable lit capacity, free dark pairs and
// network utilisation (per owner and overall).
import type { SegmentFigures } from './model.js';

/** value / lit capacity × 100; null when there is no value. */
export function utilisationPct(valueBps: number | null, litCapacityBps: number): number | null {
  return valueBps === null ? null : (valueBps / litCapacityBps) * 100;
}

/**
 * max(0, lit × maxLoad − max(p95 a→b, p95 b→a) − reserved). A segment with no measurement in the window has
 * nothing sellable: we do not sell capacity whose use we have not seen. `reservedBps` is what accepted circuits
 * hold on the segment (analytics/circuits.ts); their traffic, once flowing, also shows in the p95 — the
 * reservation is kept whole anyway, since the customer may use it at any time.
 */
export function sellableBps(litCapacityBps: number, maxLoad: number, p95AbBps: number | null, p95BaBps: number | null, reservedBps = 0): number {
  if (p95AbBps === null && p95BaBps === null) return 0;
  const peak = Math.max(p95AbBps ?? -Infinity, p95BaBps ?? -Infinity);
  return Math.max(0, litCapacityBps * maxLoad - peak - reservedBps);
}

/** total − lit − reserved (cadastre) − pairs held by circuits, never below zero. */
export function freeDarkPairs(pairs: { total: number; lit: number; reserved: number }, circuitPairs = 0): number {
  return Math.max(0, pairs.total - pairs.lit - pairs.reserved - circuitPairs);
}

/**
 * A segment's figures with the active circuits' reservations subtracted from its sellable lit capacity and
 * free dark pairs: the one place reservations meet the figures (analytics/figures.ts applies it to every
 * answer, so the segment list, the summary, the map and new quotes all see them).
 */
export function applyReservations(f: Omit<SegmentFigures, 'reserved' | 'sellableBps' | 'freeDarkPairs'>, held: { bps: number; pairs: number } | undefined, maxLoad: number): SegmentFigures {
  const reserved = { bps: held?.bps ?? 0, pairs: held?.pairs ?? 0 };
  return {
    ...f,
    reserved,
    freeDarkPairs: freeDarkPairs(f.pairs, reserved.pairs),
    sellableBps: sellableBps(f.litCapacityBps, maxLoad, f.ab.p95Bps, f.ba.p95Bps, reserved.bps),
  };
}

export interface UtilisationInput {
  owner: string;
  litCapacityBps: number;
  meanAbBps: number | null;
  meanBaBps: number | null;
}

export interface Utilisation {
  /** Σ max(mean a→b, mean b→a) / Σ lit capacity × 100, over the measured segments; null when none is. */
  utilisationPct: number | null;
  /** Σ max(mean a→b, mean b→a), bits per second. */
  loadBps: number;
  /** Σ lit capacity of the measured segments, bits per second. */
  litCapacityBps: number;
  segments: number;
  /** Segments without any sample in the window: left out of both sums. */
  unmeasuredSegments: number;
}

function accumulate(items: readonly UtilisationInput[]): Utilisation {
  let load = 0;
  let lit = 0;
  let unmeasured = 0;
  for (const s of items) {
    if (s.meanAbBps === null && s.meanBaBps === null) { unmeasured++; continue; }
    load += Math.max(s.meanAbBps ?? -Infinity, s.meanBaBps ?? -Infinity);
    lit += s.litCapacityBps;
  }
  return {
    utilisationPct: lit > 0 ? (load / lit) * 100 : null,
    loadBps: load,
    litCapacityBps: lit,
    segments: items.length,
    unmeasuredSegments: unmeasured,
  };
}

/** Network utilisation overall and per owner (owners in first-seen order). */
export function networkUtilisation(items: readonly UtilisationInput[]): { network: Utilisation; owners: Array<Utilisation & { owner: string }> } {
  const byOwner = new Map<string, UtilisationInput[]>();
  for (const s of items) {
    const list = byOwner.get(s.owner);
    if (list) list.push(s); else byOwner.set(s.owner, [s]);
  }
  return {
    network: accumulate(items),
    owners: [...byOwner].map(([owner, list]) => ({ owner, ...accumulate(list) })),
  };
}
