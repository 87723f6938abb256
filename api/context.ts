// What every API route module receives. Route modules export `(ctx: ApiContext) => Hono<AppEnv>` and are
// mounted by api/app.ts; the pure figures they need come from ctx.figures (analytics/figures.ts), computed once
// per window and cached, so that every endpoint agrees on the same numbers.
import type { Cadastre } from '../config/schema.js';
import type { InfluxStore } from '../store/influx.js';
import type { Figures } from '../analytics/model.js';
import type { RecordStore } from '../store/records.js';

export const ROLES = ['operator', 'planner', 'commercial', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

/** Hono environment: the authenticated caller. */
export interface AppEnv {
  Variables: { role: Role; tokenName: string };
}

export interface ApiContext {
  cadastre: Cadastre;
  /** Directory the cadastre was read from (worksites and quotes may live beside it). */
  configDir: string;
  store: InfluxStore;
  figures: Figures;
  /** The planned roadworks (works:import); default `<configDir>/worksites.geojson`. */
  worksitesFile?: string;
  /** The API's data directory (figures snapshot; quote files of earlier versions, imported into records). */
  dataDir: string;
  /** Quotes, circuits and their reservations (store/records.ts). */
  records: RecordStore;
  /** The clock; tests pin it. */
  now(): number;
  /**
   * When the API started watching (epoch ms): a device is not stale for silence before it (the device status
   * rule, analytics/device-status.ts). Absent: the whole poll history counts.
   */
  startedAt?: number;
}
