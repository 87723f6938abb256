import { describe, it, expect } from 'vitest';
import { findOpportunities, type OpportunityInput, type Worksite, type CapacityOpportunity, type ReachOpportunity } from '../../analytics/roadworks.js';
import { dateEndMs, dateStartMs } from '../../config/worksites.js';
import type { LonLat } from '../../config/schema.js';

const LON0 = 4.35, LAT0 = 50.85, R = 6_371_008.8;
const KY = (R * Math.PI) / 180;
// Metres east are taken along the parallel of the point itself, so that distances along y = const are exact.
const ll = (x: number, y: number): LonLat => {
  const lat = LAT0 + y / KY;
  return [LON0 + x / (KY * Math.cos((lat * Math.PI) / 180)), lat];
};
const rect = (x0: number, y0: number, x1: number, y1: number): LonLat[] => [ll(x0, y0), ll(x1, y0), ll(x1, y1), ll(x0, y1), ll(x0, y0)];
const DAY = 86_400_000;
const NOW = Date.parse('2026-11-23T00:00:00Z');

function works(id: string, poly: LonLat[], startDate: string | null, endDate: string | null, road = 'Chaussée de Wavre'): Worksite {
  return {
    id, label: `works ${id}`, status: 'Programmé', road, startDate, endDate,
    start: startDate ? dateStartMs(startDate) : null, end: endDate ? dateEndMs(endDate) : null, polygons: [[poly]],
  };
}

function input(): OpportunityInput {
  return {
    now: NOW, horizonDays: 365, corridorMetres: 25, maxLoad: 0.7, civilWorksPerMetreCents: 15_000, coverageRadiusMetres: 100,
    segments: [
      // S-88 runs east along y = 0 for 2 km; S-3 along y = 1000; S-4 along y = 2000; S-2 along y = 3000.
      { id: 'S-88', a: 'A', b: 'B', route: [ll(0, 0), ll(2000, 0)], lengthMetres: 2000 },
      { id: 'S-3', a: 'C', b: 'D', route: [ll(0, 1000), ll(2000, 1000)], lengthMetres: 2100 },
      { id: 'S-4', a: 'E', b: 'F', route: [ll(0, 2000), ll(2000, 2000)], lengthMetres: 2000 },
      { id: 'S-2', a: 'G', b: 'H', route: [ll(0, 3000), ll(2000, 3000)], lengthMetres: 2000 },
    ],
    forecasts: [
      { segment: 'S-88', crossesAt: Date.parse('2027-09-12T00:00:00Z'), aboveNow: false, thresholdBps: 7e9 },
      { segment: 'S-3', crossesAt: NOW - 10 * DAY, aboveNow: true, thresholdBps: 7e9 },
      { segment: 'S-4', crossesAt: NOW + 400 * DAY, aboveNow: false, thresholdBps: 7e9 },
      { segment: 'S-2', crossesAt: null, aboveNow: false, thresholdBps: 7e9 },
    ],
    worksites: [
      // Straddles S-88 from x 300 to 940: with the 25 m corridor, 275..965 → 690 m.
      works('W-2291', rect(300, -10, 940, 10), '2027-03-01', '2027-03-31'),
      // Same place but ends after the crossing date: excluded.
      works('W-late', rect(300, -10, 940, 10), '2027-06-01', '2027-10-31'),
      // Already finished: excluded.
      works('W-past', rect(1000, -10, 1200, 10), '2026-01-01', '2026-06-30'),
      // No dates: cannot be placed before a crossing date.
      works('W-nodate', rect(1000, -10, 1200, 10), null, null),
      // On S-3 (already above): 100..200 straddling → 75..225 = 150 m.
      works('W-3', rect(100, 990, 200, 1010), '2027-01-10', '2027-02-28', 'Rue de la Loi'),
      // On S-4, whose crossing lies beyond the default horizon.
      works('W-4', rect(100, 1990, 200, 2010), '2027-01-10', '2027-02-28', 'Avenue Louise'),
      // On S-2 (no crossing): never an opportunity.
      works('W-2', rect(100, 2990, 200, 3010), '2027-01-10', '2027-02-28'),
      // Across the backhaul of T1 (y = 5000, x 0 → 800): x 300..500 straddling → 275..525 = 250 m.
      works('W-reach', rect(300, 4990, 500, 5010), '2027-02-01', '2027-05-31', 'Rue Haute'),
      // Across the line of T2, which a hotspot already covers.
      works('W-t2', rect(300, 6990, 500, 7010), '2027-02-01', '2027-05-31'),
    ],
    targets: [
      { id: 'T1', name: 'Cité Modèle', kind: 'social-housing', coordinates: ll(0, 5000) },
      { id: 'T2', name: 'Covered library', kind: 'library', coordinates: ll(0, 7000) },
    ],
    hotspots: [{ id: 'H1', coordinates: ll(0, 7050) }],
    fibreSites: [
      { id: 'F1', name: 'Fibre site one', coordinates: ll(800, 5000) },
      { id: 'F2', name: 'Fibre site two', coordinates: ll(800, 7000) },
      { id: 'F9', name: 'Far site', coordinates: ll(5000, 5000) },
    ],
  };
}

describe('roadworks opportunities on a hand-made network', () => {
  const r = findOpportunities(input());
  const cap = r.opportunities.filter((o): o is CapacityOpportunity => o.kind === 'capacity');
  const reach = r.opportunities.filter((o): o is ReachOpportunity => o.kind === 'reach');

  it('keeps exactly the works that end before the crossing (or any unfinished one when already above)', () => {
    expect(cap.map((o) => `${o.segment}/${o.worksite.id}`).sort()).toEqual(['S-3/W-3', 'S-88/W-2291']);
    expect(r.capacitySegments).toBe(2);
    expect(r.worksitesWithoutEnd).toEqual(['W-nodate']);
  });

  it('measures the covered metres, share and margin as by hand', () => {
    const o = cap.find((x) => x.segment === 'S-88')!;
    expect(o.coveredMetres).toBeCloseTo(690, 1);
    expect(o.share).toBeCloseTo(690 / 2000, 4);
    expect(o.crossingDate).toBe('2027-09-12');
    // Works end at the end of 31 Mar 2027 (1 Apr 00:00 UTC); 1 Apr → 12 Sep is 164 days, 23 whole weeks.
    expect(o.marginDays).toBe(164);
    expect(o.marginWeeks).toBe(23);
    expect(o.valueCents).toBe(690 * 15_000);
    expect(o.sentence).toBe('Works W-2291 on Chaussée de Wavre (1 Mar 2027–31 Mar 2027) cover 690 m of segment S-88, which reaches 70 % of its capacity around 12 Sep 2027: lay a second cable before then (23 weeks of margin).');
    const above = cap.find((x) => x.segment === 'S-3')!;
    expect(above).toMatchObject({ alreadyAbove: true, crossingDate: null, marginWeeks: 0 });
    expect(above.coveredMetres).toBeCloseTo(150, 1);
    expect(above.share).toBeCloseTo(150 / 2000, 4);
    expect(above.sentence).toContain('already above 70 %');
  });

  it('reach: the uncovered target\'s backhaul to its nearest fibre site; a covered target yields nothing', () => {
    expect(reach).toHaveLength(1);
    expect(reach[0].target.id).toBe('T1');
    expect(reach[0].site.id).toBe('F1');
    expect(reach[0].backhaulMetres).toBeCloseTo(800, 0);
    expect(reach[0].coveredMetres).toBeCloseTo(250, 1);
    expect(reach[0].valueCents).toBe(250 * 15_000);
    expect(reach[0].sentence).toContain('cover 250 m of the 800 m backhaul from Cité Modèle');
    expect(r.uncoveredTargets).toBe(1);
  });

  it('a longer horizon brings in the segment crossing later', () => {
    const later = findOpportunities({ ...input(), horizonDays: 500 });
    expect(later.opportunities.filter((o) => o.kind === 'capacity').map((o) => (o as CapacityOpportunity).segment).sort()).toEqual(['S-3', 'S-4', 'S-88']);
  });

  it('ranks by value and stays the same whatever the input order', () => {
    expect(r.opportunities.map((o) => o.worksite.id)).toEqual(['W-2291', 'W-reach', 'W-3']);
    expect(r.opportunities.map((o) => o.rank)).toEqual([1, 2, 3]);
    const base = input();
    const shuffled: OpportunityInput = {
      ...base, worksites: [...base.worksites].reverse(), segments: [...base.segments].reverse(), forecasts: [...base.forecasts].reverse(),
      targets: [...base.targets].reverse(), fibreSites: [...base.fibreSites].reverse(),
    };
    // Equal values: two identical worksites on the same segment tie and are ordered by id.
    const t = findOpportunities({ ...base, worksites: [...base.worksites, { ...base.worksites[0], id: 'W-0001' }] });
    expect(t.opportunities.slice(0, 2).map((o) => o.worksite.id)).toEqual(['W-0001', 'W-2291']);
    expect(findOpportunities(shuffled).opportunities.map((o) => `${o.kind}/${o.worksite.id}`)).toEqual(r.opportunities.map((o) => `${o.kind}/${o.worksite.id}`));
  });
});
