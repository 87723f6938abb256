// What every API route module receives. Route modules export `(ctx: ApiContext) => Hono<AppEnv>` and are
// mounted by api/app.ts; the pure figures they need come from ctx.figures (api/figures.ts), computed once
// per window and cached, so that every endpoint agrees on the same numbers.
import type { Cadastre } from '../config/schema.js';
import type { InfluxStore } from '../store/influx.js';
import type { Forecast } from './analytics/forecast.js';

export const ROLES = ['operator', 'planner', 'commercial', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

/** Hono environment: the authenticated caller. */
export interface AppEnv {
  Variables: { role: Role; tokenName: string };
}

/** A measurement window, epoch ms, [from, to). */
export interface Window { from: number; to: number }

export interface DirectionFigures {
  /** Mean of the window's 5-minute averages, bits per second; null when no sample. */
  meanBps: number | null;
  /** ⌈0.95·N⌉-th smallest 5-minute average, bits per second. */
  p95Bps: number | null;
  maxBps: number | null;
  meanUtilisationPct: number | null;
  p95UtilisationPct: number | null;
  maxUtilisationPct: number | null;
  /** Number of 5-minute buckets with at least one sample. */
  samples: number;
}

export interface SegmentFigures {
  id: string;
  owner: string;
  a: string;
  b: string;
  lengthMetres: number;
  litCapacityBps: number;
  pairs: { total: number; lit: number; reserved: number };
  freeDarkPairs: number;
  /** a→b is the measuring interface's out-octets, b→a its in-octets. */
  ab: DirectionFigures;
  ba: DirectionFigures;
  /** max(0, lit × maxLoad − max(p95 a→b, p95 b→a)), bits per second. */
  sellableBps: number;
}

export interface HotspotFigures {
  id: string;
  meanClients: number | null;
  p95Clients: number | null;
  openHoursMeanClients: number | null;
  /** Share (0..1) of the window's 5-minute buckets with an average ≥ 1 client. */
  activeShare: number | null;
  samples: number;
  /** 1 = busiest by open-hours mean. */
  rank: number;
  underused: boolean;
}

/** The saturation forecast of a segment: least-squares trend of its daily p95 (larger direction). */
export type SegmentForecast = { id: string } & Forecast;

/** A segment's 5-minute averages downsampled to `stepMs` (mean and max of the averages in each step). */
export interface SegmentSeriesPoint {
  /** Step start, epoch ms. */
  time: number;
  abMeanBps: number | null;
  baMeanBps: number | null;
  abMaxBps: number | null;
  baMaxBps: number | null;
  /** 5-minute buckets with a sample in the step. */
  samples: number;
}

export interface HotspotSeriesPoint {
  /** Step start, epoch ms. */
  time: number;
  /** Mean and largest of the step's 5-minute averages of associated clients; null without a sample. */
  meanClients: number | null;
  maxClients: number | null;
  samples: number;
}

export interface Figures {
  segments(window: Window): Promise<SegmentFigures[]>;
  hotspots(window: Window): Promise<HotspotFigures[]>;
  forecasts(window: Window): Promise<SegmentForecast[]>;
  /** Null for a segment id the cadastre does not know. */
  series(segmentId: string, window: Window, stepMs: number): Promise<SegmentSeriesPoint[] | null>;
  /** Null for a hotspot id the cadastre does not know. */
  hotspotSeries(hotspotId: string, window: Window, stepMs: number): Promise<HotspotSeriesPoint[] | null>;
}

export interface ApiContext {
  cadastre: Cadastre;
  /** Directory the cadastre was read from (worksites and quotes may live beside it). */
  configDir: string;
  store: InfluxStore;
  figures: Figures;
  /** The planned roadworks (works:import); default `<configDir>/worksites.geojson`. */
  worksitesFile?: string;
  /** Where stored quotes live (a directory of JSON files). */
  dataDir: string;
  /** The clock; tests pin it. */
  now(): number;
}
