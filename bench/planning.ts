// Times the planning computations on the demo network and on generated networks of 1× and 10× its size:
// a quote (route + price: lit unprotected, dark unprotected, lit diverse, and a coordinate endpoint) and
// the relocation plan (K = 10 and K = 100). Figures are synthetic (the timing is the algorithms'; the API
// takes them from the store) and seeded, so runs are comparable.
// Run alone: `npx tsx bench/planning.ts [cadastre-dir]`; bench/run.ts may import benchPlanning().
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { performance } from 'node:perf_hooks';
import { loadCadastre } from '../config/load.js';
import { segmentLengthMetres } from '../config/geometry.js';
import { Policy, PriceBook, type Cadastre, type LonLat } from '../config/schema.js';
import type { HotspotFigures, SegmentFigures } from '../analytics/model.js';
import { composeQuote, quoteWindow, type QuoteRequest } from '../analytics/quote.js';
import { planRelocation } from '../analytics/relocation.js';

function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => { s = (Math.imul(s, 1664525) + 1013904223) >>> 0; return s / 4294967296; };
}

const BOX = { minLon: 4.25, maxLon: 4.48, minLat: 50.77, maxLat: 50.91 };

/** A street-like network: each site linked to its nearest earlier site, plus chords to near neighbours. */
export function generatedCadastre(sites: number, segments: number, hotspots: number, targets: number, base?: Cadastre, seed = 42): Cadastre {
  const rand = lcg(seed);
  const pt = (): LonLat => [BOX.minLon + rand() * (BOX.maxLon - BOX.minLon), BOX.minLat + rand() * (BOX.maxLat - BOX.minLat)];
  const siteList = Array.from({ length: sites }, (_, i) => ({ id: `s${i}`, name: `Site ${i}`, kind: 'other' as const, coordinates: pt(), commune: 'Bruxelles' }));
  const d2 = (i: number, j: number): number => {
    const [a, b] = [siteList[i].coordinates, siteList[j].coordinates];
    return ((a[0] - b[0]) * 0.63) ** 2 + (a[1] - b[1]) ** 2;
  };
  const owners = base?.owners.length ? base.owners : [{ id: 'irisnet', name: 'IRISnet' }, { id: 'sibelga', name: 'Sibelga' }];
  const segs: Cadastre['segments'] = [];
  const seen = new Set<string>();
  const add = (i: number, j: number): void => {
    const key = i < j ? `${i}-${j}` : `${j}-${i}`;
    if (i === j || seen.has(key)) return;
    seen.add(key);
    const n = segs.length;
    const route = { type: 'LineString' as const, coordinates: [siteList[i].coordinates, siteList[j].coordinates] };
    const total = [12, 24, 48, 96][Math.floor(rand() * 4)];
    segs.push({
      id: `S${n}`, a: siteList[i].id, b: siteList[j].id, owner: owners[n % owners.length].id, route,
      lengthMetres: Math.round(segmentLengthMetres({ route }) * 1.25),
      pairs: { total, lit: 2, reserved: Math.floor(rand() * 4) },
      litCapacityBps: rand() < 0.5 ? 10e9 : 1e9,
      measuredBy: { device: `sw${i}`, ifName: `if${n}` },
    });
  };
  for (let i = 1; i < sites; i++) {
    let best = 0;
    for (let j = 1; j < i; j++) if (d2(i, j) < d2(i, best)) best = j;
    add(i, best);
  }
  while (segs.length < segments) {
    const i = Math.floor(rand() * sites);
    const near = Array.from({ length: sites }, (_, j) => j).filter((j) => j !== i).sort((x, y) => d2(i, x) - d2(i, y)).slice(0, 6);
    add(i, near[Math.floor(rand() * near.length)]);
  }
  return {
    owners,
    sites: siteList,
    devices: siteList.map((s, i) => ({ id: `sw${i}`, site: s.id, role: 'switch' as const, target: '127.0.0.1:0', snmp: { version: 'v2c' as const, community: { env: 'BENCH' } }, profile: 'if-mib' })),
    segments: segs,
    hotspots: Array.from({ length: hotspots }, (_, i) => ({ id: `H${i}`, name: `Hotspot ${i}`, coordinates: pt(), commune: 'Bruxelles', controller: 'wlc', apName: `AP${i}` })),
    targets: Array.from({ length: targets }, (_, i) => ({ id: `T${i}`, name: `Target ${i}`, kind: 'social-housing' as const, coordinates: pt(), weight: Math.round(rand() * 40) })),
    priceBook: base?.priceBook ?? PriceBook.parse({ dark: { setupCents: 150_000, perPairKmMonthCents: 3000 }, lit: { setupCents: 50_000, perMbpsMonthCents: 50, perKmMonthCents: 2000 }, accessBuildPerMetreCents: 12_000 }),
    policy: base?.policy ?? Policy.parse({}),
    administrations: [],
    maintenance: [],
  };
}

function syntheticSegmentFigures(c: Cadastre, seed = 7): SegmentFigures[] {
  const rand = lcg(seed);
  return c.segments.map((s) => {
    const p95 = rand() * s.litCapacityBps * 0.75;
    const dir = { meanBps: p95 / 2, p95Bps: p95, maxBps: p95, meanUtilisationPct: null, p95UtilisationPct: null, maxUtilisationPct: null, samples: 8640 };
    return {
      id: s.id, owner: s.owner, a: s.a, b: s.b, lengthMetres: segmentLengthMetres(s), litCapacityBps: s.litCapacityBps,
      pairs: { ...s.pairs }, freeDarkPairs: Math.max(0, s.pairs.total - s.pairs.lit - s.pairs.reserved),
      ab: dir, ba: dir, reserved: { bps: 0, pairs: 0 }, sellableBps: Math.max(0, s.litCapacityBps * c.policy.maxLoad - p95),
    };
  });
}

function syntheticHotspotFigures(c: Cadastre, seed = 11): HotspotFigures[] {
  const rand = lcg(seed);
  return c.hotspots.map((h, i) => {
    const open = Math.exp(rand() * 3.5) - 1; // 0 … 32 clients, skewed low: about a third under 2
    return { id: h.id, meanClients: open * 0.7, p95Clients: open * 2, openHoursMeanClients: open, activeShare: 0.5, samples: 8640, rank: i + 1, underused: open < c.policy.underuseThresholdClients };
  });
}

/** Wall-clock and CPU milliseconds of one call (CPU time is what the machine's other load does not inflate). */
function timed<T>(f: () => T): { value: T; ms: number; cpuMs: number } {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const value = f();
  const ms = performance.now() - t0;
  const c = process.cpuUsage(c0);
  return { value, ms, cpuMs: (c.user + c.system) / 1000 };
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const pct = (xs: number[], q: number): number => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil(q * xs.length) - 1)];

export interface PlanningScale {
  label: string;
  sites: number;
  segments: number;
  hotspots: number;
  targets: number;
  quotes: number;
  feasible: number;
  quoteMedianMs: number;
  quoteP95Ms: number;
  quoteMaxMs: number;
  quoteCpuMedianMs: number;
  quoteCpuP95Ms: number;
  relocationK10Ms: number;
  relocationK100Ms: number;
  relocationK10CpuMs: number;
  relocationK100CpuMs: number;
  candidates: number;
  movesK100: number;
}

export function benchScale(label: string, c: Cadastre, quotes = 60, onProgress?: (done: number, total: number) => void): PlanningScale {
  const figures = syntheticSegmentFigures(c);
  const now = Date.UTC(2026, 10, 20, 12);
  const window = quoteWindow(now);
  const onGraph = [...new Set(c.segments.flatMap((s) => [s.a, s.b]))];
  const rand = lcg(99);
  const pick = (): string => onGraph[Math.floor(rand() * onGraph.length)];
  const services: Array<Pick<QuoteRequest, 'service' | 'protection'>> = [
    { service: { kind: 'lit', bandwidthBps: 200_000_000 }, protection: 'none' },
    { service: { kind: 'dark', pairs: 2 }, protection: 'none' },
    { service: { kind: 'lit', bandwidthBps: 100_000_000 }, protection: 'diverse' },
  ];
  const times: number[] = [];
  const cpu: number[] = [];
  let feasible = 0;
  for (let i = 0; i < quotes; i++) {
    const from = pick();
    let to = pick();
    while (to === from) to = pick();
    const site = c.sites.find((s) => s.id === to);
    // Every fourth quote ends at a coordinate ~150 m from a site: the nearest-site search and access build.
    const toEnd: QuoteRequest['to'] = i % 4 === 3 && site ? [site.coordinates[0] + 0.0015, site.coordinates[1] + 0.0006] : to;
    const req: QuoteRequest = { from, to: toEnd, termMonths: 36, ...services[i % services.length] };
    const t = timed(() => composeQuote(c, figures, req, window, now, `Q-20261120-${i.toString(16).padStart(8, '0')}`));
    times.push(t.ms);
    cpu.push(t.cpuMs);
    if ('quote' in t.value) feasible++;
    onProgress?.(i + 1, quotes);
  }
  const hs = syntheticHotspotFigures(c);
  const plan = (k: number): { ms: number; cpuMs: number; moves: number; candidates: number } => {
    const t = timed(() => planRelocation({ hotspots: c.hotspots, figures: hs, targets: c.targets, sites: c.sites, devices: c.devices, policy: c.policy, moves: k, windowDays: 30 }));
    return { ms: t.ms, cpuMs: t.cpuMs, moves: t.value.moves.length, candidates: t.value.candidates };
  };
  plan(10); // warm-up
  const k10 = [plan(10), plan(10), plan(10), plan(10), plan(10)];
  const k100 = [plan(100), plan(100), plan(100), plan(100), plan(100)];
  return {
    label, sites: c.sites.length, segments: c.segments.length, hotspots: c.hotspots.length, targets: c.targets.length,
    quotes, feasible, quoteMedianMs: median(times.slice(5)), quoteP95Ms: pct(times.slice(5), 0.95), quoteMaxMs: Math.max(...times.slice(5)),
    quoteCpuMedianMs: median(cpu.slice(5)), quoteCpuP95Ms: pct(cpu.slice(5), 0.95),
    relocationK10Ms: median(k10.map((x) => x.ms)), relocationK100Ms: median(k100.map((x) => x.ms)),
    relocationK10CpuMs: median(k10.map((x) => x.cpuMs)), relocationK100CpuMs: median(k100.map((x) => x.cpuMs)),
    candidates: k100[0].candidates, movesK100: k100[0].moves,
  };
}

export function benchPlanning(dir = 'config/demo', onProgress?: (what: string, done: number, total: number) => void): PlanningScale[] {
  const useDemo = existsSync(resolve(dir, 'segments.yaml'));
  const demo = useDemo ? loadCadastre(dir) : undefined;
  const n = demo ? { sites: demo.sites.length, segments: demo.segments.length, hotspots: demo.hotspots.length, targets: demo.targets.length }
    : { sites: 163, segments: 331, hotspots: 858, targets: 353 };
  const out: PlanningScale[] = [];
  if (demo) out.push(benchScale(`demo (${dir})`, demo, 60, (d, t) => onProgress?.('demo', d, t)));
  out.push(benchScale('generated 1×', generatedCadastre(n.sites, n.segments, n.hotspots, n.targets, demo), 60, (d, t) => onProgress?.('1×', d, t)));
  out.push(benchScale('generated 10×', generatedCadastre(n.sites * 10, n.segments * 10, n.hotspots * 10, n.targets * 10, demo), 60, (d, t) => onProgress?.('10×', d, t)));
  return out;
}

export function formatPlanningBench(rows: PlanningScale[]): string {
  const lines = rows.map((r) => `  ${r.label.padEnd(24)} ${String(r.sites).padStart(5)} sites ${String(r.segments).padStart(5)} segments ${String(r.hotspots).padStart(5)} hotspots ${String(r.targets).padStart(5)} targets`
    + `\n      quote route+price: median ${r.quoteMedianMs.toFixed(2)} ms, p95 ${r.quoteP95Ms.toFixed(2)} ms, max ${r.quoteMaxMs.toFixed(2)} ms wall; median ${r.quoteCpuMedianMs.toFixed(2)} ms, p95 ${r.quoteCpuP95Ms.toFixed(2)} ms CPU (${r.feasible}/${r.quotes} feasible)`
    + `\n      relocation plan: K=10 ${r.relocationK10Ms.toFixed(1)} ms wall / ${r.relocationK10CpuMs.toFixed(1)} ms CPU, K=100 ${r.relocationK100Ms.toFixed(1)} ms wall / ${r.relocationK100CpuMs.toFixed(1)} ms CPU (${r.candidates} candidates, ${r.movesK100} moves)`);
  const one = rows.find((r) => r.label === 'generated 1×');
  const ten = rows.find((r) => r.label === 'generated 10×');
  if (one && ten) {
    lines.push(`  growth 1× → 10× (median CPU): quote ×${(ten.quoteCpuMedianMs / one.quoteCpuMedianMs).toFixed(1)}, relocation K=10 ×${(ten.relocationK10CpuMs / one.relocationK10CpuMs).toFixed(1)}, K=100 ×${(ten.relocationK100CpuMs / one.relocationK100CpuMs).toFixed(1)}`);
  }
  return `planning (quotes: lit, dark, lit diverse, every fourth to a coordinate; relocation on synthetic usage):\n${lines.join('\n')}`;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  let last = '';
  const rows = benchPlanning(process.argv[2] ?? 'config/demo', (what, done, total) => {
    const line = `\r  ${what}: quote ${done}/${total}`;
    if (line !== last && process.stderr.isTTY) process.stderr.write(line);
    last = line;
  });
  if (process.stderr.isTTY) process.stderr.write('\r\x1b[K');
  console.log(formatPlanningBench(rows));
}
