// npm run config:demo [-- --out DIR] [--seed N]
// Generates the demo cadastre (config/demo/*.yaml) from the Brussels geodata in data/brussels/, deterministically
// (seeded PRNG). Real places: commune halls, CPAS, libraries, schools, community centres (OpenStreetMap) and metro
// stations (STIB). Synthetic: the 5 PoPs (named "(synthetic)"), the network topology, owners of each span, fibre
// pair counts, capacities, the number of APs per hotspot place and their offsets (≤ 30 m) from the place.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { destination, lineSliceAlong, lineString, nearestPointOnLine, point } from '@turf/turf';
import { Document, isMap, isSeq, stringify } from 'yaml';
import { Cadastre, CadastreFiles, type Administration, type Device, type Hotspot, type LonLat, type Owner, type Segment, type Site, type Target } from './schema.js';
import { distanceMetres, segmentLengthMetres } from './geometry.js';
import { communeAt, readCommunes, readIndicators, readMetroLines, readMetroStations, readPois, readRoads, type Commune, type Poi } from './demo-data.js';
import { RoadGraph, type RoadPath } from './demo-roads.js';
import { Prng } from './demo-prng.js';
import { crossCheck, summarize } from './check.js';
import { parseCli } from '../common/cli.js';

export const DEFAULT_SEED = 20_260_101;

/** Scale targets (issue #2 §3). */
const TARGET_TOTAL_METRES = 960_000;
const TARGET_IRISNET_METRES = 400_000;
const MAX_SEGMENTS = 340;
const LIBRARY_SITES = 45;
const SCHOOL_SITES = 30;
const COMMUNITY_HOTSPOT_PLACES = 96;
const MAX_DEGREE = 5;

const GBPS = 1_000_000_000;

const OWNERS: Owner[] = [
  { id: 'irisnet', name: 'IRISnet' },
  { id: 'sibelga', name: 'Sibelga' },
  { id: 'bruxelles-mobilite', name: 'Bruxelles Mobilité' },
  { id: 'vivaqua', name: 'Vivaqua' },
  { id: 'stib', name: 'STIB-MIVB' },
  { id: 'port-de-bruxelles', name: 'Port de Bruxelles' },
];
const SEGMENT_PREFIX: Record<string, string> = {
  irisnet: 'IRIS', sibelga: 'SIB', 'bruxelles-mobilite': 'BM', vivaqua: 'VIV', stib: 'STIB', 'port-de-bruxelles': 'PORT',
};

/** Synthetic points of presence at plausible places (near rail hubs and office districts); not real IRISnet PoPs. */
const POPS: { id: string; name: string; coordinates: LonLat }[] = [
  { id: 'pop-centre', name: 'PoP Centre – Saint-Lazare (synthetic)', coordinates: [4.3603, 50.8548] },
  { id: 'pop-nord', name: 'PoP Nord – Tour & Taxis (synthetic)', coordinates: [4.3478, 50.8668] },
  { id: 'pop-ouest', name: 'PoP Ouest – Midi (synthetic)', coordinates: [4.3322, 50.8367] },
  { id: 'pop-est', name: 'PoP Est – Reyers (synthetic)', coordinates: [4.4012, 50.8524] },
  { id: 'pop-sud-est', name: 'PoP Sud-Est – Delta (synthetic)', coordinates: [4.4036, 50.8178] },
];
/** The wifi controllers sit at PoPs; two of each vendor profile. */
const CONTROLLERS: { id: string; site: string; profile: string }[] = [
  { id: 'wlc-centre', site: 'pop-centre', profile: 'cisco-airespace' },
  { id: 'wlc-nord', site: 'pop-nord', profile: 'cisco-airespace' },
  { id: 'wlc-est', site: 'pop-est', profile: 'aruba-wlsx' },
  { id: 'wlc-ouest', site: 'pop-ouest', profile: 'aruba-wlsx' },
];

/** Illustrative tariffs, not published IRISnet prices (money in integer euro cents). */
const PRICE_BOOK = {
  currency: 'EUR',
  dark: { setupCents: 150_000, perPairKmMonthCents: 3_000 },
  lit: { setupCents: 50_000, perMbpsMonthCents: 50, perKmMonthCents: 2_000 },
  accessBuildPerMetreCents: 12_000,
  civilWorksPerMetreCents: 15_000,
  termDiscounts: [{ minMonths: 12, discountBp: 500 }, { minMonths: 36, discountBp: 1_500 }],
  quoteValidityDays: 30,
} as const;

/** Only the policy fields the demo states; the rest keeps the schema's defaults (which may evolve). */
const policyInput = (coreSites: string[]) => ({
  maxLoad: 0.7, coverageRadiusMetres: 100, timeZone: 'Europe/Brussels', openHours: { open: '08:00', close: '22:00' },
  underuseThresholdClients: 2, revenueShareOperator: 0.3, coreSites,
  availability: { defaultTargetPct: 99.5, targetPctByKind: { 'commune-hall': 99.9, cpas: 99.9, 'metro-station': 99.9, school: 99.5, library: 99.5 } },
});

/** "de Jette", "d'Anderlecht": French elision before a vowel. */
const deFr = (name: string): string => (/^[AEIOUÉÈHaeiouéè]/.test(name) ? `d'${name}` : `de ${name}`);

/**
 * The connected administrations of the demo, from the sites' kinds: a commune owns its hall and its public
 * libraries, each CPAS and each school is its own administration, STIB-MIVB owns the metro stations; the PoPs
 * are the operator's own and serve nobody.
 */
function demoAdministrations(sites: Site[], communeOfSite: Map<string, Commune>): { administrations: Administration[]; sites: Site[] } {
  const byId = new Map<string, Administration>();
  const assign = (site: Site, a: Administration): Site => {
    if (!byId.has(a.id)) byId.set(a.id, a);
    return { ...site, administration: a.id };
  };
  const out = sites.map((site) => {
    const commune = communeOfSite.get(site.id);
    if (!commune) throw new Error(`no commune for site ${site.id}`);
    switch (site.kind) {
      case 'commune-hall':
      case 'library':
        return assign(site, {
          id: `commune-${slug(commune.nameFr)}`,
          name: commune.nameFr === 'Bruxelles' ? 'Ville de Bruxelles - Stad Brussel' : `Commune ${deFr(commune.nameFr)} - Gemeente ${commune.nameNl}`,
          kind: 'commune',
        });
      case 'cpas':
        return assign(site, { id: `cpas-${slug(commune.nameFr)}`, name: `CPAS ${deFr(commune.nameFr)} - OCMW ${commune.nameNl}`, kind: 'cpas' });
      case 'school':
        return assign(site, { id: `adm-${site.id}`, name: site.name, kind: 'school' });
      case 'metro-station':
        return assign(site, { id: 'stib-mivb', name: 'STIB-MIVB', kind: 'transport' });
      default:
        return site;
    }
  });
  return { administrations: [...byId.values()].sort((a, b) => a.id.localeCompare(b.id)), sites: out };
}

const round6 = (x: number): number => Math.round(x * 1e6) / 1e6;
const roundLonLat = (p: LonLat): LonLat => [round6(p[0]), round6(p[1])];

function slug(s: string): string {
  return s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 40).replace(/-+$/, '');
}

const SMALL_WORDS = new Set(['de', 'du', 'des', 'la', 'le', 'les', 'et', 'aux', 'au', 'sur']);
/** STIB writes station names in capitals; "GARE DE L'OUEST" → "Gare de l'Ouest". */
function titleCase(s: string): string {
  return s.toLowerCase().split(/(\s+|-|')/).map((w, i) => {
    if (!/[a-zà-ÿ]/.test(w)) return w;
    if (i > 0 && (SMALL_WORDS.has(w) || w === 'l' || w === 'd')) return w;
    return w[0].toUpperCase() + w.slice(1);
  }).join('');
}

function bearingOrder(centre: LonLat, p: LonLat): number {
  const k = Math.cos((centre[1] * Math.PI) / 180);
  return Math.atan2(p[1] - centre[1], (p[0] - centre[0]) * k);
}

interface Place { id: string; name: string; kind: Site['kind']; coordinates: LonLat; commune: Commune }

export interface DemoOptions { dataDir: string; seed?: number; progress?: (message: string) => void }

export function generateDemo({ dataDir, seed = DEFAULT_SEED, progress = () => {} }: DemoOptions): Cadastre {
  const rng = new Prng(seed);
  const communes = readCommunes(dataDir);
  const indicators = readIndicators(dataDir);
  const pois = readPois(dataDir);
  const graph = new RoadGraph(readRoads(dataDir));
  progress(`read data/brussels: ${pois.length} POIs, ${graph.edges.length} road edges, ${communes.length} communes`);

  const communeOf = (p: LonLat, what: string): Commune => {
    const c = communeAt(communes, p);
    if (!c) throw new Error(`${what} at [${p.join(', ')}] is outside the 19 communes`);
    return c;
  };
  const usedIds = new Set<string>();
  const uniqueId = (base: string): string => {
    let id = base;
    for (let n = 2; usedIds.has(id); n++) id = `${base}-${n}`;
    usedIds.add(id);
    return id;
  };

  // ---- Sites -------------------------------------------------------------------------------------------
  const places: Place[] = [];
  const addPlace = (base: string, name: string, kind: Site['kind'], coordinates: LonLat): Place => {
    const p = { id: uniqueId(base), name, kind, coordinates: roundLonLat(coordinates), commune: communeOf(coordinates, name) };
    places.push(p);
    return p;
  };
  for (const pop of POPS) addPlace(pop.id, pop.name, 'pop', pop.coordinates);

  const halls = pois.filter((p) => p.category === 'townhall' && p.inRegion && p.name && !/^Antenne/i.test(p.name))
    .sort((x, y) => x.name!.localeCompare(y.name!));
  const hallByCommune = new Map<string, Poi>();
  for (const h of halls) hallByCommune.set(communeOf(h.coordinates, h.name!).nis, h);
  if (hallByCommune.size !== 19) throw new Error(`expected the 19 commune halls in the POI layer, found ${hallByCommune.size}`);
  for (const c of [...communes].sort((x, y) => x.nis.localeCompare(y.nis))) {
    const h = hallByCommune.get(c.nis)!;
    addPlace(`hall-${slug(c.nameFr)}`, h.name!, 'commune-hall', h.coordinates);
  }
  for (const p of pois.filter((q) => q.category === 'cpas' && q.inRegion && q.name)) addPlace(`cpas-${slug(p.name!)}`, p.name!, 'cpas', p.coordinates);

  const metroStations = readMetroStations(dataDir);
  const metroPlaces = metroStations.map((m) => addPlace(`metro-${slug(m.nameFr)}`, `Métro ${titleCase(m.nameFr)}`, 'metro-station', m.coordinates));

  /** Picks POIs spread out: shuffled, each at least `spacing` metres from every place chosen so far. */
  const spreadPick = (candidates: Poi[], count: number, spacing: number, among: readonly { coordinates: LonLat }[]): Poi[] => {
    const chosen: Poi[] = [];
    const taken = [...among];
    for (const p of rng.shuffle(candidates)) {
      if (chosen.length >= count) break;
      if (taken.some((q) => distanceMetres(q.coordinates, p.coordinates) < spacing)) continue;
      chosen.push(p);
      taken.push(p);
    }
    return chosen.sort((x, y) => x.name!.localeCompare(y.name!));
  };
  const named = (cat: Poi['category']): Poi[] =>
    pois.filter((p) => p.category === cat && p.inRegion && p.name).sort((x, y) => x.name!.localeCompare(y.name!) || x.coordinates[0] - y.coordinates[0]);
  const libraryPlaces = spreadPick(named('library'), LIBRARY_SITES, 250, places)
    .map((p) => addPlace(`lib-${slug(p.name!)}`, p.name!, 'library', p.coordinates));
  // Adds the school sites to `places` (their list itself is not needed).
  spreadPick(named('school'), SCHOOL_SITES, 500, places)
    .map((p) => addPlace(`school-${slug(p.name!)}`, p.name!, 'school', p.coordinates));
  const { administrations, sites } = demoAdministrations(
    places.map((p) => ({ id: p.id, name: p.name, kind: p.kind, coordinates: p.coordinates, commune: p.commune.nameFr })),
    new Map(places.map((p) => [p.id, p.commune])),
  );
  const siteById = new Map(sites.map((s) => [s.id, s]));
  const nodeOf = new Map(sites.map((s) => [s.id, graph.nearestNode(s.coordinates)]));
  const snaps = [...nodeOf.values()].map((n) => n.metres);
  progress(`sites: ${sites.length}; distance to the nearest major-road node: mean ${Math.round(snaps.reduce((a, b) => a + b, 0) / snaps.length)} m, max ${Math.round(Math.max(...snaps))} m`);

  // ---- Devices -----------------------------------------------------------------------------------------
  const deviceOf = new Map<string, string>();
  const devices: Device[] = sites.map((s) => {
    const isPop = s.kind === 'pop';
    const id = `${isPop ? 'rt' : 'sw'}-${s.id}`;
    deviceOf.set(s.id, id);
    return isPop
      ? {
        id, site: s.id, role: 'router', target: '127.0.0.1:0', profile: 'if-mib',
        snmp: {
          version: 'v3', user: 'irisnet-ro', level: 'authPriv', authProtocol: 'sha', authKey: { env: 'IRIS_SNMP_V3_AUTH_KEY' },
          privProtocol: 'aes', privKey: { env: 'IRIS_SNMP_V3_PRIV_KEY' },
        },
      }
      : { id, site: s.id, role: 'switch', target: '127.0.0.1:0', profile: 'if-mib', snmp: { version: 'v2c', community: { env: 'IRIS_SNMP_COMMUNITY' } } };
  });
  for (const c of CONTROLLERS) {
    devices.push({
      id: c.id, site: c.site, role: 'wifi-controller', target: '127.0.0.1:0', profile: c.profile,
      snmp: { version: 'v2c', community: { env: 'WIFI_SNMP_COMMUNITY' } }, intervalSeconds: 300,
    });
  }

  // ---- Segments ----------------------------------------------------------------------------------------
  interface Draft { a: string; b: string; owner?: string; route: LonLat[]; capacityBps: number; pairs: Segment['pairs']; kind: string }
  const drafts: Draft[] = [];
  const linked = new Set<string>();
  const degree = new Map<string, number>();
  const pairKey = (a: string, b: string): string => (a < b ? `${a}|${b}` : `${b}|${a}`);
  const metresOf = (route: LonLat[]): number => segmentLengthMetres({ route: { type: 'LineString', coordinates: route } });
  const ownerMetres = new Map<string, number>();

  const roadRoute = (a: string, b: string): { route: LonLat[]; path: RoadPath } => {
    const path = graph.route(siteById.get(a)!.coordinates, siteById.get(b)!.coordinates);
    return { route: path.coordinates, path };
  };
  const addDraft = (d: Draft): void => {
    const route: LonLat[] = [];
    for (const p of d.route.map(roundLonLat)) {
      const last = route[route.length - 1];
      if (!last || last[0] !== p[0] || last[1] !== p[1]) route.push(p);
    }
    if (route.length < 2) route.push(route[0]);
    drafts.push({ ...d, route });
    linked.add(pairKey(d.a, d.b));
    for (const s of [d.a, d.b]) degree.set(s, (degree.get(s) ?? 0) + 1);
    if (d.owner) ownerMetres.set(d.owner, (ownerMetres.get(d.owner) ?? 0) + metresOf(route));
    if (drafts.length % 25 === 0) progress(`segments routed: ${drafts.length}`);
  };
  const litPairs = (total: number): Segment['pairs'] => {
    const lit = rng.int(1, Math.min(4, total));
    return { total, lit, reserved: rng.int(0, Math.min(Math.floor(total / 4), total - lit)) };
  };

  // A. The core: a 100 Gbit/s ring through the PoPs (in bearing order around their centre) and one chord.
  const popSites = POPS.map((p) => p.id);
  const centre: LonLat = [POPS.reduce((s, p) => s + p.coordinates[0], 0) / POPS.length, POPS.reduce((s, p) => s + p.coordinates[1], 0) / POPS.length];
  const ring = [...popSites].sort((x, y) => bearingOrder(centre, siteById.get(x)!.coordinates) - bearingOrder(centre, siteById.get(y)!.coordinates));
  const core = (a: string, b: string): void => {
    addDraft({ a, b, owner: 'irisnet', route: roadRoute(a, b).route, capacityBps: 100 * GBPS, pairs: { total: 144, lit: rng.int(4, 8), reserved: rng.int(8, 16) }, kind: 'core' });
  };
  ring.forEach((id, i) => core(id, ring[(i + 1) % ring.length]));
  core('pop-centre', 'pop-sud-est');

  // B. IRISnet access: each administrative site joins its nearest PoP's cluster; clusters are cut, in bearing
  // order around the PoP, into rings of 4-7 sites from and back to the PoP (10 Gbit/s), some with one
  // single-homed spur (1 Gbit/s).
  const spurSites = new Set<string>();
  const access = sites.filter((s) => s.kind !== 'pop' && s.kind !== 'metro-station');
  const nearestPop = (s: Site): string =>
    popSites.reduce((best, p) => (distanceMetres(s.coordinates, siteById.get(p)!.coordinates) < distanceMetres(s.coordinates, siteById.get(best)!.coordinates) ? p : best));
  for (const pop of popSites) {
    const popAt = siteById.get(pop)!.coordinates;
    const members = access.filter((s) => nearestPop(s) === pop).sort((x, y) => bearingOrder(popAt, x.coordinates) - bearingOrder(popAt, y.coordinates));
    for (let i = 0; i < members.length;) {
      const size = Math.min(rng.int(4, 7), members.length - i);
      const group = members.slice(i, i + size).map((s) => s.id);
      i += size;
      let spur: string | undefined;
      if (group.length >= 4 && rng.next() < 0.45) spur = group.splice(rng.int(1, group.length - 1), 1)[0];
      const chain = [pop, ...group, pop];
      for (let k = 0; k + 1 < chain.length; k++) {
        if (group.length === 1 && k === 1) break; // a ring of one site is a spur
        const [a, b] = [chain[k], chain[k + 1]];
        addDraft({ a, b, owner: 'irisnet', route: roadRoute(a, b).route, capacityBps: 10 * GBPS, pairs: litPairs(rng.pick([24, 48, 72, 96])), kind: 'access-ring' });
      }
      if (group.length === 1) spurSites.add(group[0]);
      if (spur) {
        const at = siteById.get(spur)!.coordinates;
        const parent = group.reduce((best, g) => (distanceMetres(at, siteById.get(g)!.coordinates) < distanceMetres(at, siteById.get(best)!.coordinates) ? g : best));
        addDraft({ a: parent, b: spur, owner: 'irisnet', route: roadRoute(parent, spur).route, capacityBps: GBPS, pairs: litPairs(rng.pick([12, 24])), kind: 'spur' });
        spurSites.add(spur);
      }
    }
  }
  progress(`IRISnet core and access: ${drafts.length} segments, ${((ownerMetres.get('irisnet') ?? 0) / 1000).toFixed(1)} km`);

  // C. STIB: fibre along the metro lines between consecutive stations, and from each PoP to its nearest station.
  const stationIds = new Set(metroPlaces.map((m) => m.id));
  for (const line of readMetroLines(dataDir)) {
    const ls = lineString(line.coordinates);
    const along = metroPlaces
      .map((m) => ({ m, np: nearestPointOnLine(ls, point(m.coordinates), { units: 'meters' }) }))
      .filter(({ np }) => (np.properties.dist ?? Infinity) <= 250)
      .sort((x, y) => (x.np.properties.location ?? 0) - (y.np.properties.location ?? 0));
    for (let k = 0; k + 1 < along.length; k++) {
      const [x, y] = [along[k], along[k + 1]];
      if (linked.has(pairKey(x.m.id, y.m.id))) continue; // trunks shared by two lines carry one segment
      const slice = lineSliceAlong(ls, x.np.properties.location ?? 0, y.np.properties.location ?? 0, { units: 'meters' });
      addDraft({
        a: x.m.id, b: y.m.id, owner: 'stib', route: [x.m.coordinates, ...slice.geometry.coordinates.map((c) => [c[0], c[1]] as LonLat), y.m.coordinates],
        capacityBps: 10 * GBPS, pairs: litPairs(rng.pick([24, 48, 72])), kind: 'metro',
      });
    }
  }
  for (const pop of popSites) {
    const at = siteById.get(pop)!.coordinates;
    const station = metroPlaces.reduce((best, m) => (distanceMetres(at, m.coordinates) < distanceMetres(at, best.coordinates) ? m : best));
    addDraft({ a: pop, b: station.id, owner: 'stib', route: roadRoute(pop, station.id).route, capacityBps: 10 * GBPS, pairs: litPairs(48), kind: 'metro-pop' });
  }
  progress(`with STIB metro: ${drafts.length} segments`);

  // D. The rest of the pooled network: diverse links between sites 1.5-5 km apart (never to the single-homed
  // spurs), until the pooled network reaches ~960 km. The owner follows the streets the route takes: canal and
  // port roads → Port de Bruxelles; from a metro station, STIB for 40 % of them; IRISnet takes links between
  // administrative sites while it is under ~400 km; mostly motorway/trunk/primary → Bruxelles Mobilité (the
  // regional roads' manager); else Sibelga or Vivaqua.
  const eligible = sites.filter((s) => !spurSites.has(s.id));
  const candidates: [string, string][] = [];
  for (let i = 0; i < eligible.length; i++) {
    for (let j = i + 1; j < eligible.length; j++) {
      const d = distanceMetres(eligible[i].coordinates, eligible[j].coordinates);
      if (d >= 1500 && d <= 5000) candidates.push([eligible[i].id, eligible[j].id]);
    }
  }
  const total = (): number => [...ownerMetres.values()].reduce((a, b) => a + b, 0);
  for (const [a, b] of rng.shuffle(candidates)) {
    if (total() >= TARGET_TOTAL_METRES || drafts.length >= MAX_SEGMENTS) break;
    if (linked.has(pairKey(a, b)) || (degree.get(a) ?? 0) >= MAX_DEGREE || (degree.get(b) ?? 0) >= MAX_DEGREE) continue;
    if (stationIds.has(a) && stationIds.has(b)) continue; // stations already meet along the metro
    const { route, path } = roadRoute(a, b);
    const major = (path.metresByHighway.motorway ?? 0) + (path.metresByHighway.trunk ?? 0) + (path.metresByHighway.primary ?? 0)
      + (path.metresByHighway.motorway_link ?? 0) + (path.metresByHighway.trunk_link ?? 0) + (path.metresByHighway.primary_link ?? 0);
    const administrative = !stationIds.has(a) && !stationIds.has(b);
    let owner: string;
    if (path.metres > 0 && path.metresAlongPortZone / path.metres >= 0.1) owner = 'port-de-bruxelles';
    else if (!administrative && rng.next() < 0.4) owner = 'stib';
    else if ((ownerMetres.get('irisnet') ?? 0) < TARGET_IRISNET_METRES && administrative) owner = 'irisnet';
    else if (path.metres > 0 && major / path.metres >= 0.6) owner = 'bruxelles-mobilite';
    else owner = rng.next() < 0.55 ? 'sibelga' : 'vivaqua';
    const capacityBps = rng.next() < 0.5 ? GBPS : 10 * GBPS;
    addDraft({ a, b, owner, route, capacityBps, pairs: litPairs(rng.pick([12, 24, 48, 72, 96, 144])), kind: 'pooled' });
  }
  progress(`pooled network: ${drafts.length} segments, ${(total() / 1000).toFixed(1)} km`);

  // Ids per owner, interfaces per device (named by speed, numbered in order of use).
  const ifCount = new Map<string, number>();
  const ifName = (device: string, bps: number): string => {
    const prefix = bps >= 100 * GBPS ? 'Hu0/0/' : bps >= 10 * GBPS ? 'Te1/0/' : 'Gi1/0/';
    const key = `${device}|${prefix}`;
    const n = (ifCount.get(key) ?? 0) + 1;
    ifCount.set(key, n);
    return `${prefix}${n}`;
  };
  const perOwner = new Map<string, number>();
  const segments: Segment[] = drafts.map((d) => {
    const owner = d.owner!;
    const n = (perOwner.get(owner) ?? 0) + 1;
    perOwner.set(owner, n);
    const device = deviceOf.get(d.a)!;
    return {
      id: `${SEGMENT_PREFIX[owner]}-${String(n).padStart(3, '0')}`, a: d.a, b: d.b, owner,
      route: { type: 'LineString', coordinates: d.route }, pairs: d.pairs, litCapacityBps: d.capacityBps,
      measuredBy: { device, ifName: ifName(device, d.capacityBps) },
    };
  });

  // ---- Hotspots ----------------------------------------------------------------------------------------
  // wifi.brussels places: the metro stations, the commune halls and the library sites (on the network), and
  // community centres / maisons de quartier (backhauled outside this cadastre: no site).
  interface WifiPlace { id: string; name: string; coordinates: LonLat; commune: string; site?: string; aps: number; openHours?: Hotspot['openHours'] }
  const wifiPlaces: WifiPlace[] = [];
  for (const m of metroPlaces) wifiPlaces.push({ id: m.id, name: m.name, coordinates: m.coordinates, commune: m.commune.nameFr, site: m.id, aps: rng.int(5, 9), openHours: { open: '05:30', close: '24:00' } });
  for (const s of sites.filter((x) => x.kind === 'commune-hall')) wifiPlaces.push({ id: s.id, name: s.name, coordinates: s.coordinates, commune: s.commune, site: s.id, aps: rng.int(3, 5), openHours: { open: '08:00', close: '18:00' } });
  for (const l of libraryPlaces) wifiPlaces.push({ id: l.id, name: l.name, coordinates: l.coordinates, commune: l.commune.nameFr, site: l.id, aps: rng.int(2, 4), openHours: { open: '10:00', close: '19:00' } });
  const community = spreadPick([...named('maison_de_quartier'), ...named('community_centre')], COMMUNITY_HOTSPOT_PLACES, 150, wifiPlaces);
  for (const p of community) {
    const id = uniqueId(`cc-${slug(p.name!)}`);
    wifiPlaces.push({ id, name: p.name!, coordinates: roundLonLat(p.coordinates), commune: communeOf(p.coordinates, p.name!).nameFr, aps: rng.int(2, 3) });
  }
  const controllerAt = CONTROLLERS.map((c) => ({ ...c, at: siteById.get(c.site)!.coordinates }));
  const hotspots: Hotspot[] = [];
  for (const place of wifiPlaces) {
    const ctl = controllerAt.reduce((best, c) => (distanceMetres(place.coordinates, c.at) < distanceMetres(place.coordinates, best.at) ? c : best));
    for (let n = 1; n <= place.aps; n++) {
      // APs spread over the building: ≤ 30 m from the place's point.
      const at = destination(point(place.coordinates), rng.next() * 30, rng.next() * 360 - 180, { units: 'meters' }).geometry.coordinates;
      const nn = String(n).padStart(2, '0');
      hotspots.push({
        id: `H-${place.id}-${nn}`, name: `${place.name} – AP ${nn}`, coordinates: roundLonLat([at[0], at[1]]),
        ...(place.site ? { site: place.site } : {}), commune: place.commune, controller: ctl.id,
        apName: `AP-${place.id.toUpperCase()}-${nn}`, ...(place.openHours ? { openHours: place.openHours } : {}),
      });
    }
  }
  progress(`hotspots: ${hotspots.length} on ${wifiPlaces.length} places`);

  // ---- Targets -----------------------------------------------------------------------------------------
  // Weight = weight of the kind × the commune's social index (social-housing units per inhabitant and
  // unemployment rate, each relative to the Region's mean of communes, averaged).
  const ind = [...indicators.values()];
  const housingRates = ind.filter((i) => i.socialHousingUnits !== undefined).map((i) => i.socialHousingUnits! / i.population);
  const meanHousing = housingRates.reduce((a, b) => a + b, 0) / housingRates.length;
  const meanUnemployment = ind.reduce((a, i) => a + i.unemploymentPercent, 0) / ind.length;
  const socialIndex = (nis: string): number => {
    const i = indicators.get(nis);
    if (!i) throw new Error(`no IBSA indicators for commune ${nis}`);
    const housing = i.socialHousingUnits === undefined ? meanHousing : i.socialHousingUnits / i.population; // Forest: not given
    return 0.5 * (housing / meanHousing) + 0.5 * (i.unemploymentPercent / meanUnemployment);
  };
  const kindOf = { maison_de_quartier: 'maison-de-quartier', community_centre: 'community-centre', library: 'library', cpas: 'cpas' } as const;
  const kindWeight: Record<Target['kind'], number> = {
    'maison-de-quartier': 1.5, cpas: 1.5, 'community-centre': 1, library: 1.2,
    'social-housing': 1.5, 'public-digital-space': 1.5, school: 1, townhall: 1, other: 1,
  };
  const targetIds = new Set<string>();
  const targets: Target[] = [];
  for (const cat of ['maison_de_quartier', 'community_centre', 'library', 'cpas'] as const) {
    for (const p of named(cat)) {
      const commune = communeAt(communes, p.coordinates);
      if (!commune) continue;
      const kind = kindOf[cat];
      let id = `T-${slug(p.name!)}`;
      for (let n = 2; targetIds.has(id); n++) id = `T-${slug(p.name!)}-${n}`;
      targetIds.add(id);
      targets.push({
        id, name: p.name!, kind, coordinates: roundLonLat(p.coordinates),
        weight: Math.round(kindWeight[kind] * socialIndex(commune.nis) * 100) / 100, commune: commune.nameFr, source: 'OpenStreetMap',
      });
    }
  }

  const cadastre = Cadastre.parse({
    owners: OWNERS, sites, devices, segments, hotspots, targets, administrations, maintenance: [],
    priceBook: PRICE_BOOK,
    policy: policyInput(popSites),
  });
  const problems = crossCheck(cadastre);
  if (problems.length) throw new Error(`generated cadastre fails its checks:\n${problems.join('\n')}`);
  return cadastre;
}

// ---- YAML output -----------------------------------------------------------------------------------------

const HEADER = '# Generated by `npm run config:demo` (config/demo-generator.ts) from data/brussels/; do not edit by hand.\n';

/** One flow-style line per item; or (segments) a block mapping whose nested values are flow-style. */
function itemYaml(item: object, block: boolean): string {
  if (!block) return `- ${stringify(item, { collectionStyle: 'flow', lineWidth: 0, flowCollectionPadding: false }).trim()}\n`;
  const doc = new Document(item);
  if (isMap(doc.contents)) for (const pair of doc.contents.items) if (isMap(pair.value) || isSeq(pair.value)) pair.value.flow = true;
  const lines = doc.toString({ lineWidth: 0, flowCollectionPadding: false }).trimEnd().split('\n');
  return `${lines.map((l, i) => (i === 0 ? `- ${l}` : `  ${l}`)).join('\n')}\n`;
}

export function writeCadastre(c: Cadastre, dir: string): void {
  mkdirSync(dir, { recursive: true });
  const list = (items: readonly object[], block = false): string => HEADER + items.map((x) => itemYaml(x, block)).join('');
  const files: Record<keyof typeof CadastreFiles, string> = {
    owners: list(c.owners),
    sites: list(c.sites),
    devices: list(c.devices),
    segments: list(c.segments, true),
    hotspots: list(c.hotspots),
    targets: list(c.targets),
    priceBook: HEADER + '# Illustrative tariffs (not published IRISnet prices); money in integer euro cents.\n' + stringify(PRICE_BOOK, { lineWidth: 0 }),
    policy: HEADER + '# coreSites: the (synthetic) PoPs. Fields not written here take the schema defaults.\n'
      + stringify(policyInput(c.policy.coreSites), { lineWidth: 0 }),
    administrations: list(c.administrations),
    // The demo's outages and maintenance are relative to when it runs (sim/outages.ts), so none is dated here.
    maintenance: HEADER + '# Planned maintenance windows: {id, from, to (ISO 8601), sites, devices, segments, reason}.\n[]\n',
  };
  for (const [key, text] of Object.entries(files)) writeFileSync(join(dir, CadastreFiles[key as keyof typeof CadastreFiles]), text);
}

const USAGE = 'usage: npm run config:demo [-- --out DIR] [--seed N]';

function main(): void {
  const root = fileURLToPath(new URL('..', import.meta.url));
  const cli = parseCli(USAGE, { options: { out: { type: 'string' }, seed: { type: 'string' } } });
  const out = cli.values.out === undefined ? join(root, 'config/demo') : resolve(process.env.INIT_CWD ?? process.cwd(), cli.values.out);
  const seed = cli.int('seed') ?? DEFAULT_SEED;
  const started = Date.now();
  const c = generateDemo({ dataDir: join(root, 'data/brussels'), seed, progress: (m) => console.log(`config:demo: ${m}`) });
  writeCadastre(c, out);
  const s = summarize(c);
  console.log(`config:demo: wrote ${out} in ${((Date.now() - started) / 1000).toFixed(1)} s: ${s.sites} sites, ${s.devices} devices, ${s.segments} segments (${(s.totalMetres / 1000).toFixed(1)} km), ${s.hotspots} hotspots, ${s.targets} targets`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
