// Times the whole resilience analysis (bridges, max-flow per site, and the detour of every N-1 cut) on the demo
// network, or on a generated graph of the same size when config/demo is missing. Loads are synthetic (the
// timing is the algorithm's; the figures come from the store in the API).
// Run alone: `npx tsx bench/resilience.ts [cadastre-dir]`; bench/run.ts may import benchResilience().
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { performance } from 'node:perf_hooks';
import { loadCadastre } from '../config/load.js';
import { analyseResilience, type ResilienceInput } from '../analytics/resilience.js';
import { coreOf } from '../api/routes/resilience.js';
import { segmentLengthMetres } from '../config/geometry.js';

export interface ResilienceBench {
  source: string;
  sites: number;
  segments: number;
  bridges: number;
  cuts: number;
  runs: number;
  medianMs: number;
  minMs: number;
  /** CPU time of the process per run (user + system), median: steadier than wall time on a busy machine. */
  medianCpuMs: number;
}

function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => { s = (Math.imul(s, 1664525) + 1013904223) >>> 0; return s / 4294967296; };
}

/** A planar-ish mesh of `n` sites: a spanning tree plus extra chords, some spurs, like a street-following network. */
export function generatedInput(n = 160, extra = 140): ResilienceInput {
  const rand = lcg(42);
  const pts = Array.from({ length: n }, () => [rand() * 15_000, rand() * 15_000] as const);
  const dist = (i: number, j: number) => Math.hypot(pts[i][0] - pts[j][0], pts[i][1] - pts[j][1]);
  const segments: ResilienceInput['segments'] = [];
  const add = (i: number, j: number) => {
    const lit = rand() < 0.5 ? 10e9 : 1e9;
    segments.push({ id: `S${segments.length + 1}`, a: `s${i}`, b: `s${j}`, lengthMetres: Math.round(dist(i, j) * 1.3), litCapacityBps: lit, p95AbBps: Math.round(rand() * lit * 0.6), p95BaBps: Math.round(rand() * lit * 0.6) });
  };
  for (let i = 1; i < n; i++) {
    let best = 0;
    for (let j = 1; j < i; j++) if (dist(i, j) < dist(i, best)) best = j;
    add(i, best);
  }
  for (let k = 0; k < extra; k++) {
    const i = Math.floor(rand() * n);
    let best = -1;
    for (let j = 0; j < n; j++) if (j !== i && (best === -1 || dist(i, j) < dist(i, best)) && rand() < 0.3) best = j;
    if (best !== -1) add(i, best);
  }
  return { sites: pts.map((_, i) => ({ id: `s${i}`, name: `Site ${i}`, kind: 'other' })), segments, coreSites: ['s0', 's1'], maxLoad: 0.7 };
}

export function demoInput(dir: string): ResilienceInput {
  const c = loadCadastre(dir);
  const rand = lcg(7);
  return {
    sites: c.sites.map((s) => ({ id: s.id, name: s.name, kind: s.kind })),
    segments: c.segments.map((s) => ({
      id: s.id, a: s.a, b: s.b, lengthMetres: segmentLengthMetres(s), litCapacityBps: s.litCapacityBps,
      p95AbBps: Math.round(rand() * s.litCapacityBps * 0.6), p95BaBps: Math.round(rand() * s.litCapacityBps * 0.6),
    })),
    coreSites: coreOf(c).sites,
    maxLoad: c.policy.maxLoad,
  };
}

export function benchResilience(dir = 'config/demo', runs = 7): ResilienceBench {
  const useDemo = existsSync(resolve(dir, 'segments.yaml'));
  const input = useDemo ? demoInput(dir) : generatedInput();
  const times: number[] = [];
  const cpu: number[] = [];
  let last = analyseResilience(input);
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    last = analyseResilience(input);
    const c = process.cpuUsage(c0);
    times.push(performance.now() - t0);
    cpu.push((c.user + c.system) / 1000);
  }
  times.sort((p, q) => p - q);
  cpu.sort((p, q) => p - q);
  return {
    source: useDemo ? dir : `generated graph (${dir} missing)`,
    sites: input.sites.length, segments: input.segments.length, bridges: last.counts.bridges,
    cuts: last.cuts.filter((c) => c.detour).length, runs, medianMs: times[Math.floor(runs / 2)], minMs: times[0], medianCpuMs: cpu[Math.floor(runs / 2)],
  };
}

export function formatResilienceBench(b: ResilienceBench): string {
  return `resilience (${b.source}): ${b.sites} sites, ${b.segments} segments, ${b.bridges} bridges, ${b.cuts} N-1 detours: `
    + `every cut analysed in ${b.medianMs.toFixed(1)} ms wall, ${b.medianCpuMs.toFixed(1)} ms CPU (median of ${b.runs}, min ${b.minMs.toFixed(1)} ms; `
    + `${((b.medianCpuMs * 1000) / Math.max(1, b.segments)).toFixed(0)} µs CPU per cut)`;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  console.log(formatResilienceBench(benchResilience(process.argv[2] ?? 'config/demo')));
}
