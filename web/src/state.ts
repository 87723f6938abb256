// The page's state types, apart from main.ts so that the modules it renders (details, quote) can name them
// without importing the page back (a cycle).
import type { Position } from 'geojson';
import type { CutResilience } from '../../analytics/resilience.js';
import type { DeviceStatus, Hotspot, Move, SegmentFigures, Site, Target } from './model.js';

export type Dataset = 'segments' | 'sites' | 'devices' | 'hotspots' | 'targets' | 'relocation' | 'summary' | 'quotes' | 'resilience' | 'worksites' | 'opportunities';
export type Availability = 'ok' | 'forbidden' | 'missing' | 'unreachable' | 'invalid' | 'loading';

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
  avail: Record<Dataset, Availability>;
}
