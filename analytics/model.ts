// The figures read model's shapes: what every stage reads of the network's measured state (the API's
// routes, the alert evaluator, the roadworks analysis). analytics/figures.ts implements Figures over the
// store's 5-minute rollups; the pure analytics take these plain shapes in and out.
import type { Forecast } from './forecast.js';

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
  /** total − lit − reserved − pairs held by circuits. */
  freeDarkPairs: number;
  /** a→b is the measuring interface's out-octets, b→a its in-octets. */
  ab: DirectionFigures;
  ba: DirectionFigures;
  /** What active circuits hold on the segment: lit bandwidth (bit/s) and dark pairs (analytics/circuits.ts). */
  reserved: { bps: number; pairs: number };
  /** max(0, lit × maxLoad − max(p95 a→b, p95 b→a) − reserved bps), bits per second. */
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
  /** Reads the rollups of [from, to) again: history written into the past after the first load (a background backfill). */
  reread(from: number, to: number): Promise<void>;
}

/** A window as the API states it: ISO 8601 UTC ends. */
export const windowJson = (w: Window): { from: string; to: string } => ({ from: new Date(w.from).toISOString(), to: new Date(w.to).toISOString() });
