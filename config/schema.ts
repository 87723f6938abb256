// The cadastre: the one model of the network that the collector, the simulator, the API and the map read.
// These zod schemas are the single source of its types (z.infer below).
import { z } from 'zod';
import { AlertPolicy } from './alert-policy.js';
import { SecretRef } from './secret-ref.js';

export const Id = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._:-]*$/, 'ids are letters, digits and . _ : -');

/** WGS84 [lon, lat]. The Brussels bounding box is a cross-check (see check.ts), so that it can name the field. */
export const LonLat = z.tuple([z.number().min(-180).max(180), z.number().min(-90).max(90)]);
export type LonLat = z.infer<typeof LonLat>;

export const LineString = z.object({
  type: z.literal('LineString'),
  coordinates: z.array(LonLat).min(2),
});
export type LineString = z.infer<typeof LineString>;

/** A secret is never written in a committed file: it names the environment variable that holds it. */
export { SecretRef } from './secret-ref.js';

export const SiteKind = z.enum([
  'administration', 'commune-hall', 'cpas', 'school', 'library', 'pop', 'metro-station', 'hospital',
  'police', 'fire-station', 'depot', 'datacentre', 'community-centre', 'public-space', 'other',
]);
export const Site = z.object({
  id: Id,
  name: z.string().min(1),
  kind: SiteKind,
  coordinates: LonLat,
  commune: z.string().min(1),
  /** The connected administration this site serves (administrations.yaml); an administration may have several sites. */
  administration: Id.optional(),
}).strict();
export type Site = z.infer<typeof Site>;
export type SiteKind = z.infer<typeof SiteKind>;

/** A connected administration (commune, CPAS, school, …): who is owed the availability figures of its sites. */
export const AdministrationKind = z.enum(['commune', 'cpas', 'school', 'region', 'transport', 'police', 'hospital', 'other']);
export const Administration = z.object({
  id: Id,
  name: z.string().min(1),
  kind: AdministrationKind,
}).strict();
export type Administration = z.infer<typeof Administration>;

/** An ISO 8601 instant with its offset (Z or ±HH:MM). */
export const Instant = z.iso.datetime({ offset: true, message: 'an ISO 8601 date-time with an offset, e.g. 2026-11-03T06:00:00Z' });

/**
 * Planned maintenance: the downtime it causes is excluded from availability. It applies to the sites it names
 * (their whole window), and to any site down in the window because of a device or segment it names.
 */
export const MaintenanceWindow = z.object({
  id: Id,
  from: Instant,
  to: Instant,
  sites: z.array(Id).default([]),
  devices: z.array(Id).default([]),
  segments: z.array(Id).default([]),
  reason: z.string().min(1),
}).strict()
  .refine((w) => Date.parse(w.to) > Date.parse(w.from), { message: 'must be after from', path: ['to'] })
  .refine((w) => w.sites.length + w.devices.length + w.segments.length > 0, { message: 'name at least one site, device or segment', path: ['sites'] });
export type MaintenanceWindow = z.infer<typeof MaintenanceWindow>;

export const Owner = z.object({ id: Id, name: z.string().min(1) }).strict();
export type Owner = z.infer<typeof Owner>;

export const SnmpV2c = z.object({
  version: z.literal('v2c'),
  community: SecretRef,
}).strict();
export const SnmpV3 = z.object({
  version: z.literal('v3'),
  user: z.string().min(1),
  level: z.enum(['authPriv', 'authNoPriv']).default('authPriv'),
  authProtocol: z.enum(['sha', 'sha256', 'sha512', 'md5']).default('sha'),
  authKey: SecretRef,
  privProtocol: z.enum(['aes', 'aes256b', 'aes256r', 'des']).default('aes'),
  privKey: SecretRef.optional(),
}).strict();
export const SnmpCredentials = z.discriminatedUnion('version', [SnmpV2c, SnmpV3]);
export type SnmpCredentials = z.infer<typeof SnmpCredentials>;

export const DeviceRole = z.enum(['switch', 'router', 'wifi-controller', 'ap']);
export type DeviceRole = z.infer<typeof DeviceRole>;

export const Device = z.object({
  id: Id,
  site: Id,
  role: DeviceRole,
  /** host:port of the SNMP agent (UDP). Port 0 means: assigned by the simulator, read from its ports file. */
  target: z.string().regex(/^[^\s:]+:\d{1,5}$/, 'host:port'),
  snmp: SnmpCredentials,
  /**
   * Name of a collector profile (config/profiles/<name>.yaml), e.g. if-mib, cisco-airespace, aruba-wlsx. Optional:
   * without it the collector picks the profile whose sysObjectID prefix matches what the device answers.
   */
  profile: z.string().min(1).optional(),
  /**
   * The device's interfaces, when the cadastre knows them (an inventory): lets config:check name a segment's
   * missing or ambiguous measuring interface without asking the device.
   */
  interfaces: z.array(z.object({
    ifIndex: z.number().int().positive(),
    ifName: z.string().min(1).optional(),
    ifAlias: z.string().optional(),
  }).strict()).optional(),
  /** Overrides of the profile's polling defaults. */
  maxRepetitions: z.number().int().min(1).max(200).optional(),
  timeoutMs: z.number().int().min(50).max(60_000).optional(),
  retries: z.number().int().min(0).max(10).optional(),
  intervalSeconds: z.number().int().min(5).max(3600).optional(),
}).strict();
export type Device = z.infer<typeof Device>;

export const MeasuredBy = z.object({
  device: Id,
  ifName: z.string().min(1).optional(),
  ifAlias: z.string().min(1).optional(),
  ifIndex: z.number().int().positive().optional(),
}).strict().superRefine((m, ctx) => {
  const given = (['ifName', 'ifAlias', 'ifIndex'] as const).filter((k) => m[k] !== undefined);
  if (given.length !== 1) ctx.addIssue({ code: 'custom', path: given.length ? [given[1]] : [], message: `name the interface by exactly one of ifName, ifAlias, ifIndex${given.length ? ` (got ${given.join(', ')})` : ''}` });
});
export type MeasuredBy = z.infer<typeof MeasuredBy>;

export const Segment = z.object({
  id: Id,
  a: Id,
  b: Id,
  owner: Id,
  route: LineString,
  /** Surveyed length in metres; when absent it is computed from the route with turf. */
  lengthMetres: z.number().positive().optional(),
  pairs: z.object({
    total: z.number().int().min(0),
    lit: z.number().int().min(0),
    reserved: z.number().int().min(0),
  }).strict(),
  litCapacityBps: z.number().int().positive(),
  /**
   * The interface at end `a` that measures the segment: its out-octets are a→b, its in-octets b→a. Named by
   * exactly one of ifName, ifAlias or ifIndex; a name two interfaces of the device share is a config error.
   */
  measuredBy: MeasuredBy,
  /**
   * The interface at end `b` facing the segment, when that device is polled too: its optics give the far end's rx
   * power (the collector tags its optics with the segment; its traffic is not counted twice).
   */
  farEnd: MeasuredBy.optional(),
}).strict();
export type Segment = z.infer<typeof Segment>;

export const HHMM = z.string().regex(/^([01]\d|2[0-4]):[0-5]\d$/, 'HH:MM');
export const OpenHours = z.object({ open: HHMM, close: HHMM }).strict();
export type OpenHours = z.infer<typeof OpenHours>;

export const Hotspot = z.object({
  id: Id,
  name: z.string().min(1),
  coordinates: LonLat,
  site: Id.optional(),
  commune: z.string().min(1),
  /** The wifi controller that reports this AP, and the AP's name on it. */
  controller: Id,
  apName: z.string().min(1),
  openHours: OpenHours.optional(),
}).strict();
export type Hotspot = z.infer<typeof Hotspot>;

export const TargetKind = z.enum([
  'social-housing', 'maison-de-quartier', 'public-digital-space', 'library', 'cpas', 'community-centre',
  'school', 'townhall', 'other',
]);
export const Target = z.object({
  id: Id,
  name: z.string().min(1),
  kind: TargetKind,
  coordinates: LonLat,
  weight: z.number().min(0),
  commune: z.string().optional(),
  /** Where the place comes from (e.g. "OpenStreetMap", "synthetic"). */
  source: z.string().optional(),
}).strict();
export type Target = z.infer<typeof Target>;

/** Money is integer euro cents everywhere. */
const Cents = z.number().int().min(0);
export const PriceBook = z.object({
  currency: z.literal('EUR').default('EUR'),
  dark: z.object({
    setupCents: Cents,
    /** Monthly, per fibre pair per km. */
    perPairKmMonthCents: Cents,
  }).strict(),
  lit: z.object({
    setupCents: Cents,
    /** Monthly, per Mbps of committed bandwidth. */
    perMbpsMonthCents: Cents,
    /** Monthly, per km of route. */
    perKmMonthCents: Cents,
  }).strict(),
  /** Building an access from a coordinate to the nearest site, one-off, per metre. */
  accessBuildPerMetreCents: Cents,
  /** Civil works (trench, duct) per metre, for roadworks opportunities. */
  civilWorksPerMetreCents: Cents.default(15_000),
  /** Discount in basis points (1/100 %) from a minimum term in months; the largest applicable applies. */
  termDiscounts: z.array(z.object({ minMonths: z.number().int().min(1), discountBp: z.number().int().min(0).max(10_000) }).strict()).default([]),
  /** How long a quote stays valid. */
  quoteValidityDays: z.number().int().min(1).default(30),
}).strict();
export type PriceBook = z.infer<typeof PriceBook>;

export const Policy = z.object({
  /** Share of lit capacity that may be used before a segment counts as full (sellable capacity, forecasts). */
  maxLoad: z.number().gt(0).max(1).default(0.7),
  coverageRadiusMetres: z.number().positive().default(100),
  timeZone: z.string().default('Europe/Brussels'),
  openHours: OpenHours.default({ open: '08:00', close: '22:00' }),
  /** A hotspot whose open-hours mean is below this many clients is under-used. */
  underuseThresholdClients: z.number().min(0).default(2),
  backhaulCostPerMetre: z.number().min(0).default(0.01),
  usageWeight: z.number().min(0).default(1),
  /** The single-window operator's share of quote revenue, 0..1. */
  revenueShareOperator: z.number().min(0).max(1).default(0.3),
  worksCorridorMetres: z.number().positive().default(25),
  /** Sites that count as the core of the network (resilience, availability). */
  coreSites: z.array(Id).default([]),
  /** Availability owed to administrations: an SLA target in % of the month per site kind, else the default. */
  availability: z.object({
    defaultTargetPct: z.number().min(0).max(100).default(99.5),
    targetPctByKind: z.partialRecord(SiteKind, z.number().min(0).max(100)).default({}),
  }).strict().prefault({}),
  /** A quote's coordinate end must lie in the sites' bounding box widened by this many metres. */
  quoteRegionMarginMetres: z.number().min(0).default(5000),
  /** A quote's coordinate end may be at most this far from the site its access build reaches. */
  maxAccessMetres: z.number().positive().default(5000),
  /** Stored quotes are deleted this many days after their validity ended. */
  quoteRetentionDays: z.number().int().min(0).default(365),
  /**
   * Poll intervals (seconds): `seconds` for every device, `byRole` per device role; a device's own
   * `intervalSeconds` wins. Read through config/poll-interval.ts by the collector, the API and the evaluator.
   */
  pollIntervals: z.object({
    seconds: z.number().int().min(5).max(3600).default(60),
    byRole: z.partialRecord(DeviceRole, z.number().int().min(5).max(3600)).default({}),
  }).strict().prefault({}),
  /**
   * Where every coordinate must lie (a typo or swapped lon/lat is caught): `brussels` (the Brussels-Capital
   * Region box), `sites` (the sites' extent and 0.2°: any network), or a box {minLon, maxLon, minLat, maxLat}.
   */
  region: z.union([z.enum(['brussels', 'sites']), z.object({
    minLon: z.number().min(-180).max(180), maxLon: z.number().min(-180).max(180), minLat: z.number().min(-90).max(90), maxLat: z.number().min(-90).max(90),
  }).strict()]).default('brussels'),
  /** Alert rules, their per-segment/device/hotspot overrides and receivers (config/alert-policy.ts). */
  alerts: AlertPolicy.prefault({}),
}).strict();
export type Policy = z.infer<typeof Policy>;

/** One file each in a cadastre directory. */
export const CadastreFiles = {
  owners: 'owners.yaml',
  sites: 'sites.yaml',
  devices: 'devices.yaml',
  segments: 'segments.yaml',
  hotspots: 'hotspots.yaml',
  targets: 'targets.yaml',
  priceBook: 'pricebook.yaml',
  policy: 'policy.yaml',
  administrations: 'administrations.yaml',
  maintenance: 'maintenance.yaml',
} as const;

export const Cadastre = z.object({
  owners: z.array(Owner),
  sites: z.array(Site),
  devices: z.array(Device),
  segments: z.array(Segment),
  hotspots: z.array(Hotspot),
  targets: z.array(Target),
  /** Absent: no price book configured; quotes and roadworks opportunities (which price) answer 409 saying so. */
  priceBook: PriceBook.optional(),
  policy: Policy,
  administrations: z.array(Administration).default([]),
  maintenance: z.array(MaintenanceWindow).default([]),
});
export type Cadastre = z.infer<typeof Cadastre>;
