// Availability per site and per connected administration: what each administration experienced, bucket by
// 5-minute bucket. Pure: plain data in (the cadastre's topology, the buckets in which a device did not answer or
// a measuring interface was operationally down, planned maintenance), plain data out (figures, outages with
// their cause, SLA breaches).
//
// A site is up in a bucket when its devices answered and a path of working segments joins it to the core. A
// segment works when its measuring interface is operationally up and the devices at both of its ends answer.
import { brusselsOffsetMinutes, MINUTE_MS } from '../common/time.js';
import type { Cadastre, MaintenanceWindow } from '../config/schema.js';
import { BUCKET_MS } from '../store/schema.js';
import { buildGraph, type Graph } from './resilience.js';

export interface AvailabilitySite { id: string; name: string; kind: string; administration?: string }
export interface AvailabilityAdministration { id: string; name: string; kind: string }
/** Only switches and routers carry a site's connection; other devices (wifi controllers) are ignored. */
export interface AvailabilityDevice { id: string; site: string; role: string }
export interface AvailabilitySegment { id: string; a: string; b: string }
export interface AvailabilityMaintenance {
  id: string;
  /** Epoch ms, [from, to). */
  from: number;
  to: number;
  sites: readonly string[];
  devices: readonly string[];
  segments: readonly string[];
  reason: string;
}

/** What the store knows per 5-minute bucket (bucket starts, epoch ms, each list ascending). */
export interface AvailabilityObservations {
  /** Per device: the buckets in which it did not answer (most of its polls failed). */
  deviceDown: Readonly<Record<string, readonly number[]>>;
  /** Per segment: the buckets in which its measuring interface was operationally down (most samples). */
  segmentDown: Readonly<Record<string, readonly number[]>>;
  /** Buckets with no poll at all (the collector was not running): neither up nor down. */
  noData: readonly number[];
}

export interface AvailabilityTopology {
  sites: readonly AvailabilitySite[];
  administrations: readonly AvailabilityAdministration[];
  devices: readonly AvailabilityDevice[];
  segments: readonly AvailabilitySegment[];
  coreSites: readonly string[];
  /** SLA target in % of the measured time, per site kind, else the default. */
  targets: { defaultTargetPct: number; targetPctByKind: Readonly<Partial<Record<string, number>>> };
}

export interface AvailabilityInput extends AvailabilityTopology {
  /** Bucket-aligned window, epoch ms, [from, to). */
  from: number;
  to: number;
  maintenance: readonly AvailabilityMaintenance[];
  observations: AvailabilityObservations;
}

/**
 * Why a site was down:
 * - `device-down`: its own device(s) did not answer;
 * - `segment-down`: its own segment(s) were down: the site, alone, was cut off by the failed segments it ends;
 * - `upstream`: a failure further towards the core isolated it (with the other sites on its side): the failed
 *   segments and the devices that did not answer on the boundary of the isolated part, on the core's side;
 * - `no-path`: the cadastre has no path from the site to the core at all.
 */
export type CauseKind = 'device-down' | 'segment-down' | 'upstream' | 'no-path';
export interface OutageCause { kind: CauseKind; devices: string[]; segments: string[] }

export interface Outage {
  site: string;
  /** Epoch ms: start of the first down bucket, end of the last. */
  start: number;
  end: number;
  durationMs: number;
  cause: OutageCause;
}

export interface MaintenanceSpan {
  site: string;
  window: string;
  reason: string;
  start: number;
  end: number;
  durationMs: number;
}

/** The time a site (or, summed over its sites, an administration) spent in each state over the window, ms. */
export interface TimeSpent {
  /** Time counted: up + down, i.e. the window minus planned maintenance and buckets without data. */
  measuredMs: number;
  upMs: number;
  downMs: number;
  maintenanceMs: number;
  noDataMs: number;
}

export interface SiteAvailability extends TimeSpent {
  id: string;
  name: string;
  kind: string;
  administration: string | null;
  /** upMs / measuredMs × 100; null when nothing was measured. */
  availabilityPct: number | null;
  targetPct: number;
  breach: boolean;
  outages: Outage[];
  maintenance: MaintenanceSpan[];
}

export interface AdministrationAvailability extends TimeSpent {
  id: string;
  name: string;
  kind: string;
  sites: string[];
  /** Σ up / Σ measured over its sites × 100; null when nothing was measured. */
  availabilityPct: number | null;
  outages: Outage[];
  maintenance: MaintenanceSpan[];
  /** Its sites below their SLA target. */
  breaches: SlaBreach[];
}

export interface SlaBreach { site: string; administration: string | null; availabilityPct: number; targetPct: number; downMs: number }

export interface AvailabilityResult {
  from: number;
  to: number;
  bucketMs: number;
  sites: SiteAvailability[];
  administrations: AdministrationAvailability[];
  breaches: SlaBreach[];
}

/** The window of a calendar month in Europe/Brussels time ("YYYY-MM"), epoch ms [from, to). */
export function monthWindow(month: string): { from: number; to: number } {
  const m = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(month);
  if (!m) throw new RangeError(`month must be YYYY-MM, got "${month}"`);
  const y = Number(m[1]);
  const mo = Number(m[2]) - 1;
  // Local midnight on the 1st; Belgian clocks never change on the 1st of a month, so the offset at UTC
  // midnight is the offset at local midnight.
  const localMidnight = (yy: number, mm: number): number => {
    const utc = Date.UTC(yy, mm, 1);
    return utc - brusselsOffsetMinutes(utc) * MINUTE_MS;
  };
  return { from: localMidnight(y, mo), to: localMidnight(y, mo + 1) };
}

const UP = 0, DOWN = 1, MAINTENANCE = 2, NO_DATA = 3;

interface Prepared {
  graph: Graph;
  /** Per vertex: its switches/routers. */
  siteDevices: string[][];
  deviceVertex: Map<string, number>;
  segmentIndex: Map<string, number>;
  core: number[];
  /** Reachable from the core with nothing failed. */
  baseReach: Uint8Array;
}

function prepare(t: AvailabilityTopology): Prepared {
  const graph = buildGraph(t.sites.map((s) => s.id), t.segments.map((s) => ({ ...s, lengthMetres: 0 })));
  const siteDevices: string[][] = graph.vertices.map(() => []);
  const deviceVertex = new Map<string, number>();
  for (const d of t.devices) {
    if (d.role !== 'switch' && d.role !== 'router') continue;
    const v = graph.index.get(d.site);
    if (v === undefined) continue;
    siteDevices[v].push(d.id);
    deviceVertex.set(d.id, v);
  }
  const core = t.coreSites.flatMap((id) => { const v = graph.index.get(id); return v === undefined ? [] : [v]; });
  const all = new Uint8Array(graph.edges.length).fill(1);
  const baseReach = bfs(graph, core, all, new Uint8Array(graph.vertices.length).fill(1));
  return { graph, siteDevices, deviceVertex, segmentIndex: new Map(graph.edges.map((e) => [e.id, e.index])), core, baseReach };
}

/** Vertices reachable from `sources` over edges whose mask is set, through vertices whose mask is set. */
function bfs(g: Graph, sources: readonly number[], edgeOk: Uint8Array, vertexOk: Uint8Array): Uint8Array {
  const seen = new Uint8Array(g.vertices.length);
  const queue: number[] = [];
  for (const s of sources) if (vertexOk[s] && !seen[s]) { seen[s] = 1; queue.push(s); }
  for (let h = 0; h < queue.length; h++) {
    const x = queue[h];
    for (const ei of g.adjacency[x]) {
      if (!edgeOk[ei]) continue;
      const e = g.edges[ei];
      const y = e.u === x ? e.v : e.u;
      if (vertexOk[y] && !seen[y]) { seen[y] = 1; queue.push(y); }
    }
  }
  return seen;
}

/** Per vertex: null when reachable, else the cause. One evaluation per distinct set of failures. */
function evaluate(p: Prepared, downDevices: ReadonlySet<string>, downSegments: ReadonlySet<number>): (OutageCause | null)[] {
  const g = p.graph;
  const n = g.vertices.length;
  const answering = new Uint8Array(n);
  for (let v = 0; v < n; v++) answering[v] = p.siteDevices[v].every((d) => !downDevices.has(d)) ? 1 : 0;
  const working = new Uint8Array(g.edges.length);
  for (const e of g.edges) working[e.index] = !downSegments.has(e.index) && answering[e.u] && answering[e.v] ? 1 : 0;
  const reach = bfs(g, p.core, working, answering);
  const out: (OutageCause | null)[] = new Array(n).fill(null);
  const done = new Uint8Array(n);
  for (let v = 0; v < n; v++) {
    if (reach[v] || done[v]) continue;
    if (!p.baseReach[v]) { out[v] = { kind: 'no-path', devices: [], segments: [] }; continue; }
    if (!answering[v]) {
      out[v] = { kind: 'device-down', devices: p.siteDevices[v].filter((d) => downDevices.has(d)).sort(), segments: [] };
      continue;
    }
    // The isolated part around v, then the failures on its boundary that face the core: those whose other end
    // the core still reaches in the healthy graph without going through the isolated part.
    const part = bfs(g, [v], working, answering);
    const outside = new Uint8Array(n);
    for (let x = 0; x < n; x++) outside[x] = part[x] ? 0 : 1;
    const coreSide = bfs(g, p.core, new Uint8Array(g.edges.length).fill(1), outside);
    const segments = new Set<string>();
    const devices = new Set<string>();
    for (let x = 0; x < n; x++) {
      if (!part[x]) continue;
      for (const ei of g.adjacency[x]) {
        const e = g.edges[ei];
        const y = e.u === x ? e.v : e.u;
        if (part[y] || !coreSide[y]) continue;
        if (downSegments.has(ei)) segments.add(e.id);
        if (!answering[y]) for (const d of p.siteDevices[y]) if (downDevices.has(d)) devices.add(d);
      }
    }
    const shared = { devices: [...devices].sort(), segments: [...segments].sort() };
    const upstream: OutageCause = { kind: 'upstream', ...shared };
    const own: OutageCause = { kind: 'segment-down', ...shared };
    for (let x = 0; x < n; x++) {
      if (!part[x]) continue;
      // Its own segment: every failure is a segment the site itself ends (no device, nothing further up).
      const ownOnly = devices.size === 0 && segments.size > 0
        && shared.segments.every((id) => { const e = g.edges[p.segmentIndex.get(id) as number]; return e.u === x || e.v === x; });
      out[x] = ownOnly ? own : upstream;
      done[x] = 1;
    }
  }
  return out;
}

const causeKey = (c: OutageCause): string => `${c.kind}|${c.devices.join(',')}|${c.segments.join(',')}`;

export function computeAvailability(input: AvailabilityInput): AvailabilityResult {
  const { from, to } = input;
  if (from % BUCKET_MS !== 0 || to % BUCKET_MS !== 0 || to <= from) throw new RangeError('availability: the window must be whole 5-minute buckets, from < to');
  const nb = (to - from) / BUCKET_MS;
  const p = prepare(input);
  const g = p.graph;
  const nv = g.vertices.length;
  const bucketOf = (t: number): number => (t - from) / BUCKET_MS;

  // Failures per bucket, as sorted lists so that equal sets share one evaluation.
  const downDevicesAt: string[][] = new Array(nb);
  const downSegmentsAt: number[][] = new Array(nb);
  for (const [device, buckets] of Object.entries(input.observations.deviceDown)) {
    if (!p.deviceVertex.has(device)) continue;
    for (const t of buckets) {
      if (t < from || t >= to) continue;
      const b = bucketOf(t);
      (downDevicesAt[b] ??= []).push(device);
    }
  }
  for (const [segment, buckets] of Object.entries(input.observations.segmentDown)) {
    const ei = p.segmentIndex.get(segment);
    if (ei === undefined) continue;
    for (const t of buckets) {
      if (t < from || t >= to) continue;
      const b = bucketOf(t);
      (downSegmentsAt[b] ??= []).push(ei);
    }
  }
  const noData = new Uint8Array(nb);
  for (const t of input.observations.noData) if (t >= from && t < to) noData[bucketOf(t)] = 1;

  const state = Array.from({ length: nv }, () => new Uint8Array(nb));
  const causeAt: (OutageCause | null)[][] = Array.from({ length: nv }, () => []);
  const healthy = evaluate(p, new Set(), new Set());
  const cache = new Map<string, (OutageCause | null)[]>();
  for (let b = 0; b < nb; b++) {
    if (noData[b]) { for (let v = 0; v < nv; v++) state[v][b] = NO_DATA; continue; }
    const dd = downDevicesAt[b];
    const ds = downSegmentsAt[b];
    let causes = healthy;
    if (dd || ds) {
      const key = `${dd ? [...new Set(dd)].sort().join(',') : ''}|${ds ? [...new Set(ds)].sort((x, y) => x - y).join(',') : ''}`;
      let hit = cache.get(key);
      if (!hit) { hit = evaluate(p, new Set(dd ?? []), new Set(ds ?? [])); cache.set(key, hit); }
      causes = hit;
    }
    for (let v = 0; v < nv; v++) {
      const c = causes[v];
      if (c) { state[v][b] = DOWN; causeAt[v][b] = c; }
    }
  }

  // Planned maintenance: a window covers the buckets it overlaps. It takes the whole window out for the sites it
  // names (or whose device it names), and the down buckets whose cause names one of its devices or segments.
  const windowOf: (AvailabilityMaintenance | undefined)[][] = Array.from({ length: nv }, () => []);
  for (const w of input.maintenance) {
    const b0 = Math.max(0, Math.floor((w.from - from) / BUCKET_MS));
    const b1 = Math.min(nb, Math.ceil((w.to - from) / BUCKET_MS));
    if (b1 <= b0) continue;
    const named = new Uint8Array(nv);
    for (const s of w.sites) { const v = g.index.get(s); if (v !== undefined) named[v] = 1; }
    for (const d of w.devices) { const v = p.deviceVertex.get(d); if (v !== undefined) named[v] = 1; }
    const devices = new Set(w.devices);
    const segments = new Set(w.segments);
    for (let v = 0; v < nv; v++) {
      for (let b = b0; b < b1; b++) {
        if (state[v][b] === NO_DATA || state[v][b] === MAINTENANCE) continue;
        const c = causeAt[v][b];
        const planned = named[v] === 1
          || (state[v][b] === DOWN && c !== null && (c.devices.some((d) => devices.has(d)) || c.segments.some((s) => segments.has(s))));
        if (planned) { state[v][b] = MAINTENANCE; windowOf[v][b] = w; }
      }
    }
  }

  const targetOf = (kind: string): number => input.targets.targetPctByKind[kind] ?? input.targets.defaultTargetPct;
  const sites: SiteAvailability[] = input.sites.map((site) => {
    const v = g.index.get(site.id) as number;
    const st = state[v];
    const counts = [0, 0, 0, 0];
    const outages: Outage[] = [];
    const maintenance: MaintenanceSpan[] = [];
    for (let b = 0; b < nb; b++) {
      const s = st[b];
      counts[s]++;
      if (s === DOWN) {
        const c = causeAt[v][b] as OutageCause;
        const last = outages[outages.length - 1];
        const start = from + b * BUCKET_MS;
        if (last && last.end === start && causeKey(last.cause) === causeKey(c)) { last.end += BUCKET_MS; last.durationMs += BUCKET_MS; }
        else outages.push({ site: site.id, start, end: start + BUCKET_MS, durationMs: BUCKET_MS, cause: c });
      } else if (s === MAINTENANCE) {
        const w = windowOf[v][b] as AvailabilityMaintenance;
        const last = maintenance[maintenance.length - 1];
        const start = from + b * BUCKET_MS;
        if (last && last.end === start && last.window === w.id) { last.end += BUCKET_MS; last.durationMs += BUCKET_MS; }
        else maintenance.push({ site: site.id, window: w.id, reason: w.reason, start, end: start + BUCKET_MS, durationMs: BUCKET_MS });
      }
    }
    const upMs = counts[UP] * BUCKET_MS;
    const downMs = counts[DOWN] * BUCKET_MS;
    const measuredMs = upMs + downMs;
    const availabilityPct = measuredMs > 0 ? (upMs / measuredMs) * 100 : null;
    const targetPct = targetOf(site.kind);
    return {
      id: site.id, name: site.name, kind: site.kind, administration: site.administration ?? null,
      measuredMs, upMs, downMs, maintenanceMs: counts[MAINTENANCE] * BUCKET_MS, noDataMs: counts[NO_DATA] * BUCKET_MS,
      availabilityPct, targetPct, breach: availabilityPct !== null && availabilityPct < targetPct, outages, maintenance,
    };
  });

  const breachOf = (s: SiteAvailability): SlaBreach => ({
    site: s.id, administration: s.administration, availabilityPct: s.availabilityPct as number, targetPct: s.targetPct, downMs: s.downMs,
  });
  const byStart = <T extends { start: number; site: string }>(a: T, b: T): number => a.start - b.start || a.site.localeCompare(b.site);
  const administrations: AdministrationAvailability[] = input.administrations.map((a) => {
    const own = sites.filter((s) => s.administration === a.id);
    const sum = (f: (s: SiteAvailability) => number): number => own.reduce((x, s) => x + f(s), 0);
    const measuredMs = sum((s) => s.measuredMs);
    const upMs = sum((s) => s.upMs);
    return {
      id: a.id, name: a.name, kind: a.kind, sites: own.map((s) => s.id),
      measuredMs, upMs, downMs: sum((s) => s.downMs), maintenanceMs: sum((s) => s.maintenanceMs), noDataMs: sum((s) => s.noDataMs),
      availabilityPct: measuredMs > 0 ? (upMs / measuredMs) * 100 : null,
      outages: own.flatMap((s) => s.outages).sort(byStart),
      maintenance: own.flatMap((s) => s.maintenance).sort(byStart),
      breaches: own.filter((s) => s.breach).map(breachOf),
    };
  });
  return { from, to, bucketMs: BUCKET_MS, sites, administrations, breaches: sites.filter((s) => s.breach).map(breachOf) };
}

/** The cadastre's part that availability reads. */
export function availabilityTopology(c: Cadastre): AvailabilityTopology {
  return {
    sites: c.sites.map((s) => ({ id: s.id, name: s.name, kind: s.kind, ...(s.administration ? { administration: s.administration } : {}) })),
    administrations: c.administrations,
    devices: c.devices.map((d) => ({ id: d.id, site: d.site, role: d.role })),
    segments: c.segments.map((s) => ({ id: s.id, a: s.a, b: s.b })),
    coreSites: c.policy.coreSites,
    targets: c.policy.availability,
  };
}

/** Maintenance windows (ISO 8601 instants) as epoch ms. */
export function maintenanceOf(windows: readonly MaintenanceWindow[]): AvailabilityMaintenance[] {
  return windows.map((w) => ({ ...w, from: Date.parse(w.from), to: Date.parse(w.to) }));
}
