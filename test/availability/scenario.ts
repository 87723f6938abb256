// A hand-made topology with scripted outages for November 2026 (Europe/Brussels: 2026-10-31T23:00Z to
// 2026-11-30T23:00Z, 8,640 buckets). The tests state the expected figures by hand; this module only says what
// happened, both as the store's readout and as the raw points the collector would have written.
//
//   pop-a ══ S-core ══ pop-b                 core (policy coreSites)
//   pop-a ── S-hall ── hall                   single-homed
//   pop-b ── S-lib ── lib                     single-homed
//   pop-b ── S-up ── hub ── S-school ── school
//                     └──── S-cpas ──── cpas  an upstream cut of S-up isolates hub, school and cpas
//   pop-a ── S-d1 ── div ── S-d2 ── pop-b     diverse
import { expect } from 'vitest';
import type { AvailabilityMaintenance, AvailabilityObservations, AvailabilityResult, AvailabilityTopology, Outage } from '../../analytics/availability.js';
import { BUCKET_MS, interfaceLine, pollLine, type PollStatus } from '../../store/schema.js';

export const MONTH = '2026-11';
export const FROM = Date.UTC(2026, 9, 31, 23);
export const TO = Date.UTC(2026, 10, 30, 23);
export const at = (iso: string): number => Date.parse(iso);

export const topology: AvailabilityTopology = {
  sites: [
    { id: 'pop-a', name: 'PoP A', kind: 'pop' },
    { id: 'pop-b', name: 'PoP B', kind: 'pop' },
    { id: 'hall', name: 'Town hall', kind: 'commune-hall', administration: 'commune-x' },
    { id: 'lib', name: 'Library', kind: 'library', administration: 'commune-x' },
    { id: 'hub', name: 'Depot', kind: 'depot', administration: 'region' },
    { id: 'school', name: 'School', kind: 'school', administration: 'school-y' },
    { id: 'cpas', name: 'CPAS', kind: 'cpas', administration: 'cpas-x' },
    { id: 'div', name: 'Diverse office', kind: 'administration', administration: 'region' },
  ],
  administrations: [
    { id: 'commune-x', name: 'Commune X', kind: 'commune' },
    { id: 'school-y', name: 'School Y', kind: 'school' },
    { id: 'cpas-x', name: 'CPAS X', kind: 'cpas' },
    { id: 'region', name: 'Region', kind: 'region' },
  ],
  devices: [
    { id: 'rt-a', site: 'pop-a', role: 'router' },
    { id: 'rt-b', site: 'pop-b', role: 'router' },
    { id: 'wlc-a', site: 'pop-a', role: 'wifi-controller' },
    { id: 'sw-hall', site: 'hall', role: 'switch' },
    { id: 'sw-lib', site: 'lib', role: 'switch' },
    { id: 'sw-hub', site: 'hub', role: 'switch' },
    { id: 'sw-school', site: 'school', role: 'switch' },
    { id: 'sw-cpas', site: 'cpas', role: 'switch' },
    { id: 'sw-div', site: 'div', role: 'switch' },
  ],
  segments: [
    { id: 'S-core', a: 'pop-a', b: 'pop-b' },
    { id: 'S-hall', a: 'pop-a', b: 'hall' },
    { id: 'S-lib', a: 'pop-b', b: 'lib' },
    { id: 'S-up', a: 'pop-b', b: 'hub' },
    { id: 'S-school', a: 'hub', b: 'school' },
    { id: 'S-cpas', a: 'hub', b: 'cpas' },
    { id: 'S-d1', a: 'pop-a', b: 'div' },
    { id: 'S-d2', a: 'div', b: 'pop-b' },
  ],
  coreSites: ['pop-a', 'pop-b'],
  targets: { defaultTargetPct: 99.5, targetPctByKind: { 'commune-hall': 99.9, cpas: 99.9, school: 99.9 } },
};

/** The measuring device of each segment (at its end a) and its interface. */
export const measuredBy: Record<string, { device: string; ifName: string; ifIndex: number }> = {
  'S-core': { device: 'rt-a', ifName: 'xe-0/0/0', ifIndex: 1 },
  'S-hall': { device: 'rt-a', ifName: 'ge-0/0/1', ifIndex: 2 },
  'S-lib': { device: 'rt-b', ifName: 'ge-0/0/1', ifIndex: 3 },
  'S-up': { device: 'rt-b', ifName: 'ge-0/0/2', ifIndex: 4 },
  'S-school': { device: 'sw-hub', ifName: 'Gi0/1', ifIndex: 5 },
  'S-cpas': { device: 'sw-hub', ifName: 'Gi0/2', ifIndex: 6 },
  'S-d1': { device: 'rt-a', ifName: 'ge-0/0/3', ifIndex: 7 },
  'S-d2': { device: 'sw-div', ifName: 'Gi0/1', ifIndex: 8 },
};

export const maintenance: AvailabilityMaintenance[] = [
  // Overlaps the buckets 06:00 to 06:35 (8 buckets); S-school is down 06:10 to 06:50.
  { id: 'W-school', from: at('2026-11-20T06:02:00Z'), to: at('2026-11-20T06:40:00Z'), sites: [], devices: [], segments: ['S-school'], reason: 'splice' },
  // Names the site: its whole window is planned, although it stays up.
  { id: 'W-cpas', from: at('2026-11-25T22:00:00Z'), to: at('2026-11-25T23:00:00Z'), sites: ['cpas'], devices: [], segments: [], reason: 'switch upgrade' },
];

/** Scripted events: [first bucket, number of buckets]. */
const span = (iso: string, buckets: number): number[] => Array.from({ length: buckets }, (_, i) => at(iso) + i * BUCKET_MS);

export const observations: AvailabilityObservations = {
  deviceDown: {
    'sw-hall': span('2026-11-03T10:00:00Z', 6), // the hall's device down (the first bucket: 3 of 5 polls failed)
    'sw-hub': span('2026-11-12T12:00:00Z', 2), // the hub's device down: school and cpas cut off upstream
  },
  segmentDown: {
    'S-hall': span('2026-11-03T10:30:00Z', 2), // then the hall's own segment: a second outage, another cause
    'S-lib': span('2026-11-05T14:00:00Z', 4), // the library's own segment (the first bucket: 3 of 5 samples down)
    'S-up': span('2026-11-10T08:00:00Z', 12), // the upstream cut isolating hub, school and cpas
    'S-d1': span('2026-11-15T03:00:00Z', 3), // one leg of a diverse site: no outage
    'S-school': span('2026-11-20T06:10:00Z', 8), // under maintenance W-school until 06:40
  },
  noData: span('2026-11-28T00:00:00Z', 2),
};

/**
 * The raw points the collector would have written: every device polled once per bucket (5 times in the buckets
 * that test the majority rule), interfaces sampled at each poll of their measuring device while it answers.
 */
export function rawLines(): string[] {
  const lines: string[] = [];
  const devices = topology.devices.map((d) => d.id);
  const downAt = (device: string, t: number): boolean => (observations.deviceDown[device] ?? []).includes(t);
  const operDownAt = (segment: string, t: number): boolean => (observations.segmentDown[segment] ?? []).includes(t);
  const noData = new Set(observations.noData);
  // Buckets polled every minute, with a minority of contrary polls or samples: [device or segment, bucket, contrary].
  const dense = new Map<string, number>([
    [`sw-hall ${at('2026-11-03T10:00:00Z')}`, 2], // 2 ok of 5: down
    [`sw-div ${at('2026-11-16T00:00:00Z')}`, 2], // 2 failed of 5: answered
    [`S-lib ${at('2026-11-05T14:00:00Z')}`, 2], // 2 up of 5: down
    [`S-d2 ${at('2026-11-16T01:00:00Z')}`, 2], // 2 down of 5: up
  ]);
  for (let t = FROM; t < TO; t += BUCKET_MS) {
    if (noData.has(t)) continue;
    for (const device of devices) {
      const contrary = dense.get(`${device} ${t}`);
      const down = downAt(device, t);
      const times = contrary === undefined ? [t + 30_000] : [0, 1, 2, 3, 4].map((i) => t + 30_000 + i * 60_000);
      times.forEach((time, i) => {
        const failed = contrary === undefined ? down : (i < contrary ? !down : down);
        const status: PollStatus = failed ? 'timeout' : 'ok';
        lines.push(pollLine({ time, device, status, durationMs: failed ? 2000 : 12, values: failed ? 0 : 20 }));
      });
      if (down) continue;
      for (const [segment, m] of Object.entries(measuredBy)) {
        if (m.device !== device) continue;
        const c = dense.get(`${segment} ${t}`) ?? dense.get(`${device} ${t}`);
        const sampleTimes = c === undefined ? [t + 30_000] : [0, 1, 2, 3, 4].map((i) => t + 30_000 + i * 60_000);
        const operDown = operDownAt(segment, t);
        sampleTimes.forEach((time, i) => {
          // The device's own contrary polls failed: no sample then.
          const ownContrary = dense.get(`${device} ${t}`);
          if (ownContrary !== undefined && i < ownContrary) return;
          const contrarySample = dense.has(`${segment} ${t}`) && i < (dense.get(`${segment} ${t}`) as number);
          const operUp = contrarySample ? operDown : !operDown;
          lines.push(interfaceLine({ time, device, ifIndex: m.ifIndex, ifName: m.ifName, segment, inBps: operUp ? 1e6 : 0, outBps: operUp ? 2e6 : 0, operUp, speedBps: 1e9 }));
        });
      }
    }
  }
  return lines;
}

/** The figures of the scripted month, stated by hand. */
export const MIN = 60_000;

export function expectScenarioFigures(r: AvailabilityResult): void {
  const site = (id: string) => r.sites.find((s) => s.id === id)!;
  const outage = (siteId: string, start: string, minutes: number, kind: Outage['cause']['kind'], segments: string[], devices: string[] = []): Outage => ({
    site: siteId, start: at(start), end: at(start) + minutes * MIN, durationMs: minutes * MIN, cause: { kind, devices, segments },
  });
  // 8,640 buckets in November 2026, 2 of them without data.
  const counts = (id: string) => { const s = site(id); return [s.upMs, s.downMs, s.maintenanceMs, s.noDataMs].map((ms) => ms / (5 * MIN)); };
  expect(counts('pop-a')).toEqual([8638, 0, 0, 2]);
  expect(counts('pop-b')).toEqual([8638, 0, 0, 2]);
  expect(counts('hall')).toEqual([8630, 8, 0, 2]);
  expect(counts('lib')).toEqual([8634, 4, 0, 2]);
  expect(counts('hub')).toEqual([8624, 14, 0, 2]);
  expect(counts('school')).toEqual([8616, 16, 6, 2]);
  expect(counts('cpas')).toEqual([8612, 14, 12, 2]);
  expect(counts('div')).toEqual([8638, 0, 0, 2]);

  expect(site('hall').outages).toEqual([
    outage('hall', '2026-11-03T10:00:00Z', 30, 'device-down', [], ['sw-hall']),
    outage('hall', '2026-11-03T10:30:00Z', 10, 'segment-down', ['S-hall']),
  ]);
  expect(site('lib').outages).toEqual([outage('lib', '2026-11-05T14:00:00Z', 20, 'segment-down', ['S-lib'])]);
  // The upstream cut: S-up is the hub's own segment, and upstream for the two sites behind it.
  expect(site('hub').outages).toEqual([
    outage('hub', '2026-11-10T08:00:00Z', 60, 'segment-down', ['S-up']),
    outage('hub', '2026-11-12T12:00:00Z', 10, 'device-down', [], ['sw-hub']),
  ]);
  expect(site('school').outages).toEqual([
    outage('school', '2026-11-10T08:00:00Z', 60, 'upstream', ['S-up']),
    outage('school', '2026-11-12T12:00:00Z', 10, 'upstream', [], ['sw-hub']),
    outage('school', '2026-11-20T06:40:00Z', 10, 'segment-down', ['S-school']),
  ]);
  expect(site('cpas').outages).toEqual([
    outage('cpas', '2026-11-10T08:00:00Z', 60, 'upstream', ['S-up']),
    outage('cpas', '2026-11-12T12:00:00Z', 10, 'upstream', [], ['sw-hub']),
  ]);
  expect(site('div').outages).toEqual([]);
  expect(site('school').maintenance).toEqual([
    { site: 'school', window: 'W-school', reason: 'splice', start: at('2026-11-20T06:10:00Z'), end: at('2026-11-20T06:40:00Z'), durationMs: 30 * MIN },
  ]);
  expect(site('cpas').maintenance).toEqual([
    { site: 'cpas', window: 'W-cpas', reason: 'switch upgrade', start: at('2026-11-25T22:00:00Z'), end: at('2026-11-25T23:00:00Z'), durationMs: 60 * MIN },
  ]);

  expect(site('hall').availabilityPct).toBeCloseTo((8630 / 8638) * 100, 10);
  expect(site('school').availabilityPct).toBeCloseTo((8616 / 8632) * 100, 10);
  expect(site('cpas').availabilityPct).toBeCloseTo((8612 / 8626) * 100, 10);
  expect(site('div').availabilityPct).toBe(100);
  // Targets: 99.9 % for halls, schools and CPAS, 99.5 % otherwise. 99.907 % ≥ 99.9 %; 99.815 % and 99.838 % are not.
  expect(r.breaches.map((b) => [b.site, b.targetPct, b.downMs / MIN])).toEqual([['school', 99.9, 80], ['cpas', 99.9, 70]]);

  const adm = (id: string) => r.administrations.find((a) => a.id === id)!;
  expect(adm('commune-x').sites).toEqual(['hall', 'lib']);
  expect(adm('commune-x').availabilityPct).toBeCloseTo(((8630 + 8634) / (8638 + 8638)) * 100, 10);
  expect(adm('commune-x').outages.map((o) => [o.site, o.start])).toEqual([
    ['hall', at('2026-11-03T10:00:00Z')], ['hall', at('2026-11-03T10:30:00Z')], ['lib', at('2026-11-05T14:00:00Z')],
  ]);
  expect(adm('commune-x').breaches).toEqual([]);
  expect(adm('region').downMs).toBe(14 * 5 * MIN);
  expect(adm('cpas-x').breaches.map((b) => b.site)).toEqual(['cpas']);
  expect(adm('cpas-x').maintenanceMs).toBe(60 * MIN);
}

