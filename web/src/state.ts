// The page's state, in one place: the figures drawn (what the API answered for the window), whether each
// dataset is available to the role, which layers are shown, and what the user is doing (selection, picking a
// quote end, the current load). Modules read and change it here; nothing else keeps page state.
import type { Position } from 'geojson';
import type { Map as MaplibreMap } from 'maplibre-gl';
import type { Result } from './api.js';
import type { CutResilience } from '../../analytics/resilience.js';
import type { DriftAnswer } from '../../api/routes/drift.js';
import type { Group } from './mapview.js';
import type { DeviceStatus, Hotspot, Move, SegmentFigures, Site, Target } from './model.js';

export type Dataset = 'segments' | 'sites' | 'devices' | 'hotspots' | 'targets' | 'relocation' | 'summary' | 'quotes' | 'resilience' | 'worksites' | 'opportunities' | 'circuits' | 'drift';
export type Availability = 'ok' | 'forbidden' | 'missing' | 'unreachable' | 'invalid' | 'loading';

/** How an API answer sets a dataset's availability (a refused token counts as not for this role). */
export const availOf = <T>(r: Result<T>): Availability => (r.kind === 'ok' ? 'ok' : r.kind === 'unauthorized' ? 'forbidden' : r.kind);

export interface AppState {
  window: { from: number; to: number };
  segments: Map<string, SegmentFigures>;
  segmentGeometry: Map<string, Position[]>;
  sites: Site[];
  targets: Target[];
  hotspots: Hotspot[];
  devices: DeviceStatus[];
  moves: Move[];
  summary: unknown;
  /** GET /api/resilience items (analytics/resilience.ts CutResilience) by segment id. */
  cuts: Map<string, CutResilience>;
  /** GET /api/opportunities features' properties (rank, kind, subject, worksite, sentence, …), in rank order. */
  opportunities: Array<Record<string, unknown>>;
  /** GET /api/availability this month, per site: % up (null: not measured) and whether below its SLA target. */
  siteAvailability: Map<string, { pct: number | null; breach: boolean }>;
  /** GET /api/drift: the last probe's disagreements with the cadastre (operator only; null before a probe). */
  drift: DriftAnswer | null;
  avail: Record<Dataset, Availability>;
}

export const state: AppState = {
  window: { from: 0, to: 0 },
  segments: new Map(),
  segmentGeometry: new Map(),
  sites: [], targets: [], hotspots: [], devices: [], moves: [], summary: null, cuts: new Map(), opportunities: [], siteAvailability: new Map(), drift: null,
  avail: { segments: 'loading', sites: 'loading', devices: 'loading', hotspots: 'loading', targets: 'loading', relocation: 'loading', summary: 'loading', quotes: 'loading', resilience: 'loading', worksites: 'loading', opportunities: 'loading', circuits: 'loading', drift: 'loading' },
};

/** Layers the user has switched on (drift, an operator's check of the cadastre, starts off). */
export const visible: Record<Group, boolean> = { segments: true, sites: true, hotspots: true, targets: true, relocation: true, bridges: true, works: true, circuits: true, transit: true, roads: true, drift: false };

export type Selection = { kind: 'segment' | 'hotspot' | 'site' | 'target'; id: string };

/** What the user is doing now. */
export const ui: {
  /** A quote end is being picked on the map: clicks go to the quote tool. */
  picking: boolean;
  selection: Selection | null;
  /** Sequence number of the latest load; an answer of an older one is dropped. */
  loadSeq: number;
} = { picking: false, selection: null, loadSeq: 0 };

// Exposed for the end-to-end tests and the benchmark: read-only views of what the page drew.
declare global { interface Window { irisnet?: { map: MaplibreMap; state: AppState; loaded: boolean; loads: number } } }
