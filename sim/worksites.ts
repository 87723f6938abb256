// A deterministic set of SYNTHETIC planned worksites for the demo cadastre, in the Osiris WORKSITES format,
// on real streets of the road graph the demo was built from (data/brussels, OSM 2013 major roads). Every
// feature carries `synthetic: true` and an id_ws starting with SYN-; none of it is real Osiris data.
//   - along the segments the simulator's traffic model makes saturate (its hot segments), dated to end
//     before the forecast crossing of 70 % the simulated traffic produces (or in progress when already above);
//   - across the backhaul lines of targets without hotspot coverage, on the street nearest to the line;
//   - elsewhere, on streets away from every segment and backhaul (irrelevant on purpose).
// Dates are relative to `today`, so the set is regenerated for the day the demo runs:
//   npx tsx sim/worksites.ts [--today YYYY-MM-DD] [--config config/demo] [--data data/brussels] [--out FILE]
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { buffer, length, lineSliceAlong, lineString, nearestPointOnLine, point } from '@turf/turf';
import type { Cadastre, LonLat } from '../config/schema.js';
import { loadCadastre } from '../config/load.js';
import { readRoads } from '../config/demo-data.js';
import type { RoadEdge } from '../config/demo-roads.js';
import { createTrafficModel } from './model.js';
import { forecastCrossing, type DailyPoint } from '../analytics/forecast.js';
import { coveredPart, greatCircleMetres } from '../analytics/roadworks.js';
import { writeFileAtomic } from '../common/fs.js';
import { WORKSITES_FILE } from '../config/worksites.js';
import type { WorksiteCollection, WorksiteFeature } from '../config/worksites.js';
import { parseCli, usageExit } from '../common/cli.js';
import { DAY_MS, MINUTE_MS } from '../common/time.js';
import { BUCKET_MS } from '../store/schema.js';


function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const isoDay = (ms: number): string => new Date(ms).toISOString().slice(0, 10);
const round7 = (p: number[]): number[] => [Math.round(p[0] * 1e7) / 1e7, Math.round(p[1] * 1e7) / 1e7];

/** A street stretch as a worksite polygon: the line buffered by half the street width. */
function streetPolygon(line: LonLat[], halfWidthMetres: number): number[][][] {
  const poly = buffer(lineString(line), halfWidthMetres, { units: 'meters', steps: 4 });
  if (!poly || poly.geometry.type !== 'Polygon') throw new Error('buffer of a street stretch is not a polygon');
  return poly.geometry.coordinates.map((ring) => ring.map(round7));
}

function stretch(line: LonLat[], startMetres: number, lengthMetres: number): LonLat[] {
  const ls = lineString(line);
  const total = length(ls, { units: 'meters' });
  const a = Math.max(0, Math.min(startMetres, total - 1));
  const b = Math.min(total, a + lengthMetres);
  return lineSliceAlong(ls, a, b, { units: 'meters' }).geometry.coordinates as LonLat[];
}

/** The forecast the API will compute from the simulator's backfill: daily p95 of 5-minute averages, larger direction. */
export function simulatedForecasts(cadastre: Cadastre, segmentIds: readonly string[], today: number): Map<string, { crossesAt: number | null; aboveNow: boolean }> {
  const model = createTrafficModel(cadastre);
  const out = new Map<string, { crossesAt: number | null; aboveNow: boolean }>();
  const from = today - 30 * DAY_MS;
  for (const id of segmentIds) {
    const seg = cadastre.segments.find((s) => s.id === id)!;
    const points: DailyPoint[] = [];
    for (let day = from; day < today; day += DAY_MS) {
      const avgs: number[] = [];
      for (let t = day; t < day + DAY_MS; t += BUCKET_MS) {
        let ab = 0, ba = 0;
        for (let m = 0; m < 5; m++) { ab += model.rateBps(id, 'ab', t + m * MINUTE_MS); ba += model.rateBps(id, 'ba', t + m * MINUTE_MS); }
        avgs.push(Math.max(ab, ba) / 5);
      }
      avgs.sort((p, q) => p - q);
      points.push({ day, p95Bps: avgs[Math.ceil(0.95 * avgs.length) - 1] });
    }
    const f = forecastCrossing(points, seg.litCapacityBps * cadastre.policy.maxLoad, today);
    out.set(id, { crossesAt: f.crossesAt, aboveNow: f.aboveNow });
  }
  return out;
}

const STATUS = [['Programmé', 'Gepland'], ['Autorisé', 'Vergund'], ['En cours', 'In uitvoering']] as const;
const LABELS = [
  ['Renouvellement des impétrants (synthétique)', 'Vernieuwing nutsleidingen (synthetisch)'],
  ['Réfection de voirie (synthétique)', 'Wegherstelling (synthetisch)'],
  ['Pose de conduites (synthétique)', 'Leggen van leidingen (synthetisch)'],
  ['Réaménagement de façade à façade (synthétique)', 'Heraanleg van gevel tot gevel (synthetisch)'],
] as const;

/** The road edge nearest to a point (its vertices within ~400 m), with the distance along it of the nearest point. */
function nearestRoad(roads: readonly RoadEdge[], p: LonLat, named = false): { edge: RoadEdge; d: number; at: number } | null {
  let best: { edge: RoadEdge; d: number; at: number } | null = null;
  for (const e of roads) {
    if (named && !e.name) continue;
    if (!e.coordinates.some((c) => Math.abs(c[0] - p[0]) < 0.006 && Math.abs(c[1] - p[1]) < 0.004)) continue;
    const np = nearestPointOnLine(lineString(e.coordinates), point(p), { units: 'meters' });
    const d = np.properties.dist ?? Infinity;
    if (!best || d < best.d) best = { edge: e, d, at: np.properties.location ?? 0 };
  }
  return best;
}

export interface DemoWorksitesOptions {
  cadastre: Cadastre;
  roads: readonly RoadEdge[];
  /** 00:00 UTC of the day the set is for. */
  today: number;
  forecasts: Map<string, { crossesAt: number | null; aboveNow: boolean }>;
  hotSegments: readonly string[];
}

export function demoWorksites(o: DemoWorksitesOptions): WorksiteCollection {
  const rand = mulberry32(20261122);
  const features: WorksiteFeature[] = [];
  const add = (polygon: number[][][], road: string | undefined, start: number, end: number, kind: 'capacity' | 'reach' | 'elsewhere'): void => {
    const n = features.length + 1;
    const [fr, nl] = LABELS[n % LABELS.length];
    const status = start <= o.today ? STATUS[2] : STATUS[n % 2];
    features.push({
      type: 'Feature', id: `WORKSITES.SYN-${String(n).padStart(4, '0')}`,
      geometry: { type: 'Polygon', coordinates: polygon },
      properties: {
        id_ws: `SYN-${String(n).padStart(4, '0')}`, label_fr: fr, label_nl: nl, status_fr: status[0], status_nl: status[1],
        road_impl_fr: road ?? 'voirie (sans nom)', road_impl_nl: road ?? 'weg (zonder naam)',
        pgm_start_date: isoDay(start), pgm_end_date: isoDay(end), synthetic: true, demo_reason: kind,
      },
    });
  };

  // 1. Along the saturating segments.
  const byId = new Map(o.cadastre.segments.map((s) => [s.id, s]));
  for (const id of o.hotSegments) {
    const seg = byId.get(id);
    if (!seg) continue;
    const f = o.forecasts.get(id);
    const total = length(lineString(seg.route.coordinates), { units: 'meters' });
    const piece = stretch(seg.route.coordinates, total * (0.15 + 0.3 * rand()), Math.min(600, Math.max(120, total * 0.35)));
    let start: number, end: number;
    if (!f || f.aboveNow || (f.crossesAt !== null && f.crossesAt <= o.today)) {
      start = o.today - 7 * DAY_MS; end = o.today + 35 * DAY_MS;
    } else if (f.crossesAt !== null && f.crossesAt <= o.today + 365 * DAY_MS) {
      end = Math.max(o.today + 7 * DAY_MS, Math.min(f.crossesAt - 21 * DAY_MS, o.today + 84 * DAY_MS));
      start = end - 42 * DAY_MS;
    } else {
      start = o.today + 30 * DAY_MS; end = o.today + 90 * DAY_MS;
    }
    // The demo routes follow the road graph: the street of the stretch is the named road nearest to its middle.
    const middle = piece[Math.floor(piece.length / 2)];
    const street = nearestRoad(o.roads, middle, true);
    add(streetPolygon(piece, 6), street && street.d < 60 ? street.edge.name : undefined, Math.floor(start / DAY_MS) * DAY_MS, Math.floor(end / DAY_MS) * DAY_MS, 'capacity');
  }

  // 2. Across the backhaul of targets without coverage, on the street nearest to the middle of the line.
  const fibreIds = new Set(o.cadastre.devices.filter((d) => d.role === 'switch' || d.role === 'router').map((d) => d.site));
  const fibreSites = o.cadastre.sites.filter((s) => fibreIds.has(s.id));
  const radius = o.cadastre.policy.coverageRadiusMetres;
  const uncovered = o.cadastre.targets
    .filter((t) => !o.cadastre.hotspots.some((h) => greatCircleMetres(h.coordinates, t.coordinates) <= radius))
    .sort((p, q) => q.weight - p.weight || (p.id < q.id ? -1 : 1));
  let reach = 0;
  for (const t of uncovered) {
    if (reach >= 6) break;
    let best: { c: LonLat; m: number } | null = null;
    for (const s of fibreSites) { const m = greatCircleMetres(t.coordinates, s.coordinates); if (!best || m < best.m) best = { c: s.coordinates, m }; }
    if (!best || best.m < 250) continue;
    const line: LonLat[] = [t.coordinates, best.c];
    const mid: LonLat = [(line[0][0] + line[1][0]) / 2, (line[0][1] + line[1][1]) / 2];
    const road = nearestRoad(o.roads, mid);
    if (!road) continue;
    const piece = stretch(road.edge.coordinates, road.at - 120, 240);
    const polygon = streetPolygon(piece, 8);
    if (coveredPart(line, [polygon], o.cadastre.policy.worksCorridorMetres).metres < 15) continue;
    const start = o.today + Math.floor(14 + rand() * 60) * DAY_MS;
    add(polygon, road.edge.name, start, start + Math.floor(21 + rand() * 50) * DAY_MS, 'reach');
    reach++;
  }

  // 3. Elsewhere: streets farther than the corridor from every segment and from those backhaul lines.
  const lines = o.cadastre.segments.map((s) => s.route.coordinates);
  let elsewhere = 0;
  for (let tries = 0; elsewhere < 8 && tries < 500; tries++) {
    const e = o.roads[Math.floor(rand() * o.roads.length)];
    const total = length(lineString(e.coordinates), { units: 'meters' });
    if (total < 80) continue;
    const piece = stretch(e.coordinates, total * 0.2, 200);
    const polygon = streetPolygon(piece, 6);
    const [x, y] = piece[0];
    const near = lines.filter((l) => l.some((c) => Math.abs(c[0] - x) < 0.01 && Math.abs(c[1] - y) < 0.007));
    if (near.some((l) => coveredPart(l, [polygon], o.cadastre.policy.worksCorridorMetres).metres > 0)) continue;
    const start = o.today + Math.floor(rand() * 120) * DAY_MS;
    add(polygon, e.name, start, start + Math.floor(14 + rand() * 60) * DAY_MS, 'elsewhere');
    elsewhere++;
  }

  return {
    type: 'FeatureCollection', synthetic: true,
    sources: [{ source: `synthetic demo set (works/demo.ts) for ${isoDay(o.today)}`, importedAt: new Date(o.today).toISOString(), features: features.length }],
    features,
  };
}

/** Makes the demo set for `today` from a cadastre and its road graph and writes it atomically to `out`. */
export function writeDemoWorksites(o: { configDir: string; dataDir: string; today: number; out: string; cadastre?: Cadastre }): { set: WorksiteCollection; hot: string[]; forecasts: ReturnType<typeof simulatedForecasts> } {
  const cadastre = o.cadastre ?? loadCadastre(o.configDir);
  const hot = createTrafficModel(cadastre).figures.hotSegments;
  const forecasts = simulatedForecasts(cadastre, hot, o.today);
  const set = demoWorksites({ cadastre, roads: readRoads(o.dataDir), today: o.today, forecasts, hotSegments: hot });
  writeFileAtomic(o.out, `${JSON.stringify(set)}\n`);
  return { set, hot, forecasts };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const USAGE = 'usage: npx tsx sim/worksites.ts [--config config/demo] [--data data/brussels] [--today YYYY-MM-DD] [--out FILE]';
  const { values } = parseCli(USAGE, { options: { config: { type: 'string' }, data: { type: 'string' }, today: { type: 'string' }, out: { type: 'string' } } });
  const configDir = values.config ?? 'config/demo';
  const dataDir = values.data ?? 'data/brussels';
  const todayArg = values.today ?? new Date().toISOString().slice(0, 10);
  const today = /^\d{4}-\d{2}-\d{2}$/.test(todayArg) ? Date.parse(`${todayArg}T00:00:00Z`) : NaN;
  if (Number.isNaN(today)) usageExit(USAGE, `--today: expected YYYY-MM-DD, got "${todayArg}"`);
  const out = values.out ?? join(configDir, WORKSITES_FILE);
  console.error('sim/worksites: forecasting the hot segments from the simulated traffic…');
  const { set, hot, forecasts } = writeDemoWorksites({ configDir, dataDir, today, out });
  const counts = set.features.reduce<Record<string, number>>((m, f) => { const k = String(f.properties.demo_reason); m[k] = (m[k] ?? 0) + 1; return m; }, {});
  console.log(`sim/worksites: ${set.features.length} synthetic worksites for ${todayArg} (${Object.entries(counts).map(([k, v]) => `${v} ${k}`).join(', ')}) → ${out}`);
  for (const id of hot) {
    const f = forecasts.get(id)!;
    console.log(`  hot segment ${id}: ${f.aboveNow ? 'already above maxLoad' : f.crossesAt === null ? 'no crossing' : `crosses maxLoad on ${isoDay(f.crossesAt)}`}`);
  }
}
