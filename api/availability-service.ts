// Availability per month for the API: the store's readout (store/availability.ts) and the cadastre's and operators'
// maintenance windows into the pure computation (analytics/availability.ts), cached per month. A month that is over
// is recomputed only when maintenance changes; the current month at most once a minute, up to the last whole bucket.
import type { Cadastre } from '../config/schema.js';
import type { InfluxStore } from '../store/influx.js';
import { readAvailability } from '../store/reads.js';
import { bucketStart } from '../store/schema.js';
import {
  availabilityTopology, computeAvailability, maintenanceOf, monthWindow, type AvailabilityResult, type AvailabilityTopology,
} from '../analytics/availability.js';
import type { MaintenanceStore } from './maintenance-store.js';

const CURRENT_MONTH_TTL_MS = 60_000;

export class AvailabilityService {
  private readonly topology: AvailabilityTopology;
  private readonly cache = new Map<string, { result: Promise<AvailabilityResult>; version: number; at: number; complete: boolean }>();

  constructor(private readonly ctx: { cadastre: Cadastre; store: InfluxStore; maintenance: MaintenanceStore; now(): number }) {
    this.topology = availabilityTopology(ctx.cadastre);
  }

  /** The month's window, cut at the last whole bucket when the month is not over; null when it has not begun. */
  window(month: string): { from: number; to: number; complete: boolean } | null {
    const w = monthWindow(month);
    const now = bucketStart(this.ctx.now());
    if (w.from >= now) return null;
    return { from: w.from, to: Math.min(w.to, now), complete: w.to <= now };
  }

  async month(month: string): Promise<AvailabilityResult | null> {
    const w = this.window(month);
    if (!w) return null;
    const version = this.ctx.maintenance.version;
    const hit = this.cache.get(month);
    const now = this.ctx.now();
    if (hit && hit.version === version && (hit.complete || now - hit.at < CURRENT_MONTH_TTL_MS)) return hit.result;
    const result = (async () => {
      const observations = await readAvailability(this.ctx.store, w.from, w.to);
      const maintenance = maintenanceOf([...this.ctx.cadastre.maintenance, ...this.ctx.maintenance.list()]);
      return computeAvailability({ ...this.topology, from: w.from, to: w.to, maintenance, observations });
    })();
    this.cache.set(month, { result, version, at: now, complete: w.complete });
    result.catch(() => this.cache.delete(month));
    return result;
  }
}

