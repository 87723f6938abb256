// zod schemas of the answers of the capacity routes: they document the API (OpenAPI) and type the handlers.
import { z } from 'zod';

const Bps = z.number().describe('bits per second');
const Pct = z.number().describe('% of lit capacity');

export const DirectionFiguresSchema = z.object({
  meanBps: Bps.nullable(),
  p95Bps: Bps.nullable().describe('⌈0.95·N⌉-th smallest of the N 5-minute averages, bits per second'),
  maxBps: Bps.nullable(),
  meanUtilisationPct: Pct.nullable(),
  p95UtilisationPct: Pct.nullable(),
  maxUtilisationPct: Pct.nullable(),
  samples: z.number().int().describe('5-minute buckets with at least one sample'),
});

export const SegmentItem = z.object({
  id: z.string(),
  owner: z.string(),
  ownerName: z.string(),
  a: z.string(),
  aName: z.string(),
  b: z.string(),
  bName: z.string(),
  lengthMetres: z.number(),
  litCapacityBps: z.number(),
  pairs: z.object({ total: z.number().int(), lit: z.number().int(), reserved: z.number().int() }),
  freeDarkPairs: z.number().int(),
  ab: DirectionFiguresSchema.describe('a→b: the measuring interface’s out direction'),
  ba: DirectionFiguresSchema.describe('b→a: the measuring interface’s in direction'),
  sellableBps: Bps.describe('max(0, lit × maxLoad − max(p95 a→b, p95 b→a))'),
  errors: z.object({
    inErrorsPs: z.number().nullable(),
    outErrorsPs: z.number().nullable(),
    inDiscardsPs: z.number().nullable(),
    outDiscardsPs: z.number().nullable(),
  }).nullable().describe('the measuring interface’s errored and discarded packets per second (IF-MIB), mean over the last hour of the window; null when nothing was polled then, a null rate when the device has no such counter'),
});
export type SegmentItem = z.infer<typeof SegmentItem>;

export const WindowJson = z.object({ from: z.string(), to: z.string() });

export const SegmentList = z.object({ window: WindowJson, maxLoad: z.number(), items: z.array(SegmentItem) });

export const SeriesAnswer = z.object({
  id: z.string(),
  window: WindowJson,
  stepSeconds: z.number().int(),
  litCapacityBps: z.number(),
  points: z.array(z.object({
    time: z.string().describe('step start, ISO 8601 UTC'),
    abMeanBps: Bps.nullable(),
    baMeanBps: Bps.nullable(),
    abMaxBps: Bps.nullable(),
    baMaxBps: Bps.nullable(),
    samples: z.number().int(),
  })),
});

export const HotspotSeriesAnswer = z.object({
  id: z.string(),
  window: WindowJson,
  stepSeconds: z.number().int(),
  points: z.array(z.object({
    time: z.string().describe('step start, ISO 8601 UTC'),
    meanClients: z.number().nullable().describe('mean of the step’s 5-minute averages of associated clients'),
    maxClients: z.number().nullable().describe('largest 5-minute average in the step'),
    samples: z.number().int(),
  })),
});

export const ForecastItem = z.object({
  id: z.string(),
  days: z.number().int().describe('whole UTC days with samples used by the fit (the window aligned to days; today left out)'),
  slopeBpsPerDay: z.number().nullable(),
  levelBps: z.number().nullable().describe('the fitted daily p95 at the end of the last whole day'),
  thresholdBps: z.number().describe('maxLoad × lit capacity'),
  aboveNow: z.boolean(),
  crossesAt: z.string().nullable().describe('when the rising trend reaches the threshold (ISO 8601; in the past when it already has); null only when it does not rise'),
  crossingBeyondYears: z.number().int().optional().describe('present (100) when the trend rises but crosses later than that many years: crossesAt is then that cap'),
});

const UtilisationSchema = z.object({
  utilisationPct: Pct.nullable().describe('Σ max(mean a→b, mean b→a) / Σ lit capacity × 100 over measured segments'),
  loadBps: Bps,
  litCapacityBps: Bps,
  segments: z.number().int(),
  unmeasuredSegments: z.number().int(),
});

export const NetworkSummary = z.object({
  window: WindowJson,
  maxLoad: z.number(),
  network: UtilisationSchema,
  owners: z.array(UtilisationSchema.extend({
    owner: z.string(),
    name: z.string(),
    sellableGbps: z.number(),
    sellableGbpsKm: z.number(),
    freeDarkPairKm: z.number(),
  })),
  sellable: z.object({ totalGbps: z.number(), gbpsKm: z.number().describe('Σ sellable Gbps × km') }),
  darkPairs: z.object({ free: z.number().int(), pairKm: z.number().describe('Σ free dark pairs × km') }),
  hottest: z.array(z.object({
    id: z.string(), owner: z.string(), a: z.string(), b: z.string(),
    direction: z.enum(['ab', 'ba']),
    p95Bps: Bps, p95UtilisationPct: Pct, litCapacityBps: Bps,
  })).describe('the ten segments with the highest p95 utilisation (larger direction)'),
  forecasts: z.array(ForecastItem),
});

export const DeviceItem = z.object({
  id: z.string(),
  site: z.string(),
  role: z.string(),
  profile: z.string().nullable().describe('the cadastre\'s profile; null when chosen by sysObjectID'),
  target: z.string().optional().describe('host:port of the SNMP agent (not for the commercial role)'),
  snmpVersion: z.string().optional().describe('not for the commercial role'),
  snmpUser: z.string().optional().describe('SNMPv3 user name (not for the commercial role)'),
  intervalSeconds: z.number(),
  lastStatus: z.enum(['ok', 'empty', 'timeout', 'auth_error', 'error']).nullable()
    .describe('empty: the device answered but a table its profile needs had no row (e.g. no AP table)'),
  lastPoll: z.string().nullable(),
  lastSeen: z.string().nullable().describe('last successful poll'),
  stale: z.boolean().describe('last seen longer ago than 3 polling intervals (or never)'),
  timeouts: z.number().int(),
  errors: z.number().int().describe('auth_error and error polls in the window'),
  emptyPolls: z.number().int().describe('polls in the window that read no row of a table the profile needs'),
});
export type DeviceItem = z.infer<typeof DeviceItem>;
