// Cross-checks that a schema alone cannot express. Each problem is one line `file: path: message`, where
// path names the item by its id in brackets, then the field (the style of load.ts).
import { CadastreFiles, type Cadastre, type LonLat } from './schema.js';
import { describeRef, interfaceRef, resolveInterface } from './interfaces.js';
import { distanceMetres, inBox, regionOf, segmentLengthMetres } from './geometry.js';

/** How far a route's first/last vertex may be from its sites. */
export const ROUTE_END_TOLERANCE_METRES = 150;

const fmt = (c: LonLat): string => `[${c[0]}, ${c[1]}]`;

/** `profileNames`: the collector profiles that exist (config/profiles/); when given, a device naming another is refused. */
export function crossCheck(c: Cadastre, profileNames?: ReadonlySet<string>): string[] {
  const problems: string[] = [];
  const report = (file: string, path: string, message: string): void => { problems.push(`${file}: ${path}: ${message}`); };
  const F = CadastreFiles;
  const region = regionOf(c.policy.region, c.sites);
  const inRegion = (p: LonLat): boolean => inBox(p, region.box);
  const outside = (p: LonLat): string => `${fmt(p)} is outside ${region.text}`;

  // Duplicate ids, per collection; the second occurrence is reported by index since its id is ambiguous.
  const indexById = <T extends { id: string }>(file: string, items: readonly T[]): Map<string, T> => {
    const byId = new Map<string, T>();
    const firstAt = new Map<string, number>();
    items.forEach((item, i) => {
      const first = firstAt.get(item.id);
      if (first !== undefined) report(file, `[${i}].id`, `duplicate id "${item.id}" (also at [${first}])`);
      else { firstAt.set(item.id, i); byId.set(item.id, item); }
    });
    return byId;
  };
  const owners = indexById(F.owners, c.owners);
  const sites = indexById(F.sites, c.sites);
  const devices = indexById(F.devices, c.devices);

  for (const s of c.sites) if (!inRegion(s.coordinates)) report(F.sites, `[${s.id}].coordinates`, outside(s.coordinates));

  for (const d of c.devices) {
    if (!sites.has(d.site)) report(F.devices, `[${d.id}].site`, `unknown site "${d.site}"`);
    if (profileNames && d.profile !== undefined && !profileNames.has(d.profile)) {
      report(F.devices, `[${d.id}].profile`, `unknown profile "${d.profile}" (have: ${[...profileNames].sort().join(', ')})`);
    }
    const seen = new Map<number, number>();
    d.interfaces?.forEach((i, k) => {
      const first = seen.get(i.ifIndex);
      if (first !== undefined) report(F.devices, `[${d.id}].interfaces[${k}].ifIndex`, `duplicate ifIndex ${i.ifIndex} (also at [${first}])`);
      else seen.set(i.ifIndex, k);
    });
  }

  indexById(F.segments, c.segments);
  const measuring = new Map<string, string>();
  for (const seg of c.segments) {
    const at = `[${seg.id}]`;
    const a = sites.get(seg.a);
    const b = sites.get(seg.b);
    if (!a) report(F.segments, `${at}.a`, `unknown site "${seg.a}"`);
    if (!b) report(F.segments, `${at}.b`, `unknown site "${seg.b}"`);
    if (seg.a === seg.b) report(F.segments, `${at}.b`, `same site as a ("${seg.a}")`);
    if (!owners.has(seg.owner)) report(F.segments, `${at}.owner`, `unknown owner "${seg.owner}"`);

    const coords = seg.route.coordinates;
    const last = coords.length - 1;
    // The route runs from a to b: its first vertex must be near a and its last near b.
    if (a) {
      const d = distanceMetres(coords[0], a.coordinates);
      if (d > ROUTE_END_TOLERANCE_METRES) report(F.segments, `${at}.route.coordinates[0]`, `${Math.round(d)} m from site a "${a.id}" (at most ${ROUTE_END_TOLERANCE_METRES} m)`);
    }
    if (b) {
      const d = distanceMetres(coords[last], b.coordinates);
      if (d > ROUTE_END_TOLERANCE_METRES) report(F.segments, `${at}.route.coordinates[${last}]`, `${Math.round(d)} m from site b "${b.id}" (at most ${ROUTE_END_TOLERANCE_METRES} m)`);
    }
    const out = coords.flatMap((p, i) => (inRegion(p) ? [] : [i]));
    if (out.length) {
      const more = out.length > 1 ? ` (and ${out.length - 1} more vertices)` : '';
      report(F.segments, `${at}.route.coordinates[${out[0]}]`, `${outside(coords[out[0]])}${more}`);
    }

    const { total, lit, reserved } = seg.pairs;
    if (lit + reserved > total) report(F.segments, `${at}.pairs`, `lit (${lit}) + reserved (${reserved}) = ${lit + reserved} exceeds total (${total})`);

    const m = seg.measuredBy;
    const dev = devices.get(m.device);
    if (!dev) report(F.segments, `${at}.measuredBy.device`, `unknown device "${m.device}"`);
    else {
      if (dev.site !== seg.a) report(F.segments, `${at}.measuredBy.device`, `device "${dev.id}" is at site "${dev.site}", not at end a "${seg.a}"`);
      if (dev.role !== 'switch' && dev.role !== 'router') report(F.segments, `${at}.measuredBy.device`, `device "${dev.id}" is a ${dev.role}, not a switch or router`);
    }
    const ref = interfaceRef(m);
    // Statically, where the cadastre lists the device's interfaces: the name must pick exactly one of them.
    if (dev?.interfaces) {
      const r = resolveInterface(m, dev.interfaces);
      if (!r.ok) report(F.segments, `${at}.measuredBy.${ref.key}`, r.message);
    }
    const key = `${m.device}\u0000${ref.key}\u0000${ref.value}`;
    const other = measuring.get(key);
    if (other !== undefined) report(F.segments, `${at}.measuredBy.${ref.key}`, `interface ${m.device} ${ref.key === 'ifName' ? ref.value : describeRef(m)} already measures segment "${other}"`);
    else measuring.set(key, seg.id);

    // The far end's port (optional): its optics give end b's rx power.
    const far = seg.farEnd;
    if (far) {
      const fdev = devices.get(far.device);
      if (!fdev) report(F.segments, `${at}.farEnd.device`, `unknown device "${far.device}"`);
      else {
        if (fdev.site !== seg.b) report(F.segments, `${at}.farEnd.device`, `device "${fdev.id}" is at site "${fdev.site}", not at end b "${seg.b}"`);
        if (fdev.role !== 'switch' && fdev.role !== 'router') report(F.segments, `${at}.farEnd.device`, `device "${fdev.id}" is a ${fdev.role}, not a switch or router`);
        if (fdev.interfaces) {
          const r = resolveInterface(far, fdev.interfaces);
          if (!r.ok) report(F.segments, `${at}.farEnd.${interfaceRef(far).key}`, r.message);
        }
      }
    }
  }

  indexById(F.hotspots, c.hotspots);
  const apNames = new Map<string, string>();
  for (const h of c.hotspots) {
    const at = `[${h.id}]`;
    if (!inRegion(h.coordinates)) report(F.hotspots, `${at}.coordinates`, outside(h.coordinates));
    if (h.site !== undefined && !sites.has(h.site)) report(F.hotspots, `${at}.site`, `unknown site "${h.site}"`);
    const ctl = devices.get(h.controller);
    if (!ctl) report(F.hotspots, `${at}.controller`, `unknown device "${h.controller}"`);
    else if (ctl.role !== 'wifi-controller') report(F.hotspots, `${at}.controller`, `device "${ctl.id}" is a ${ctl.role}, not a wifi-controller`);
    const key = `${h.controller}\u0000${h.apName}`;
    const other = apNames.get(key);
    if (other !== undefined) report(F.hotspots, `${at}.apName`, `"${h.apName}" is already hotspot "${other}" on controller "${h.controller}"`);
    else apNames.set(key, h.id);
  }

  indexById(F.targets, c.targets);
  for (const t of c.targets) if (!inRegion(t.coordinates)) report(F.targets, `[${t.id}].coordinates`, outside(t.coordinates));

  const administrations = indexById(F.administrations, c.administrations);
  for (const s of c.sites) {
    if (s.administration !== undefined && !administrations.has(s.administration)) {
      report(F.sites, `[${s.id}].administration`, `unknown administration "${s.administration}"`);
    }
  }
  indexById(F.maintenance, c.maintenance);
  const segmentIds = new Set(c.segments.map((s) => s.id));
  for (const w of c.maintenance) {
    w.sites.forEach((id, i) => { if (!sites.has(id)) report(F.maintenance, `[${w.id}].sites[${i}]`, `unknown site "${id}"`); });
    w.devices.forEach((id, i) => { if (!devices.has(id)) report(F.maintenance, `[${w.id}].devices[${i}]`, `unknown device "${id}"`); });
    w.segments.forEach((id, i) => { if (!segmentIds.has(id)) report(F.maintenance, `[${w.id}].segments[${i}]`, `unknown segment "${id}"`); });
  }

  c.policy.coreSites.forEach((id, i) => {
    if (!sites.has(id)) report(F.policy, `coreSites[${i}]`, `unknown site "${id}"`);
  });
  problems.push(...alertCrossCheck(c));
  return problems;
}

export interface CadastreSummary {
  sites: number;
  sitesByKind: Record<string, number>;
  devices: number;
  devicesByRole: Record<string, number>;
  segments: number;
  totalMetres: number;
  byOwner: { owner: string; name: string; segments: number; metres: number }[];
  hotspots: number;
  /** Distinct sites that host hotspots, and the hotspots not at a site. */
  hotspotSites: number;
  hotspotsWithoutSite: number;
  controllers: number;
  targets: number;
  targetsByKind: Record<string, number>;
}

const tally = (keys: readonly string[]): Record<string, number> => {
  const out: Record<string, number> = {};
  for (const k of keys) out[k] = (out[k] ?? 0) + 1;
  return out;
};

/** Counts for config:check and the README; lengths in metres (surveyed, else along the route). */
export function summarize(c: Cadastre): CadastreSummary {
  const byOwner = c.owners.map((o) => {
    const segs = c.segments.filter((s) => s.owner === o.id);
    return { owner: o.id, name: o.name, segments: segs.length, metres: segs.reduce((m, s) => m + segmentLengthMetres(s), 0) };
  });
  return {
    sites: c.sites.length,
    sitesByKind: tally(c.sites.map((s) => s.kind)),
    devices: c.devices.length,
    devicesByRole: tally(c.devices.map((d) => d.role)),
    segments: c.segments.length,
    totalMetres: byOwner.reduce((m, o) => m + o.metres, 0),
    byOwner,
    hotspots: c.hotspots.length,
    hotspotSites: new Set(c.hotspots.flatMap((h) => (h.site ? [h.site] : []))).size,
    hotspotsWithoutSite: c.hotspots.filter((h) => !h.site).length,
    controllers: new Set(c.hotspots.map((h) => h.controller)).size,
    targets: c.targets.length,
    targetsByKind: tally(c.targets.map((t) => t.kind)),
  };
}

/** Cross-checks of the alerts policy against the cadastre; lines `policy.yaml: field: message` (config:check). */
export function alertCrossCheck(c: Cadastre): string[] {
  const policy = c.policy.alerts;
  const out: string[] = [];
  const known = {
    segments: new Set(c.segments.map((s) => s.id)),
    devices: new Set(c.devices.map((d) => d.id)),
    hotspots: new Set(c.hotspots.map((h) => h.id)),
  };
  const noun = { segments: 'segment', devices: 'device', hotspots: 'hotspot' } as const;
  for (const kind of ['segments', 'devices', 'hotspots'] as const) {
    for (const id of Object.keys(policy.overrides[kind])) {
      if (!known[kind].has(id)) out.push(`policy.yaml: alerts.overrides.${kind}.${id}: unknown ${noun[kind]}`);
    }
  }
  return out;
}
