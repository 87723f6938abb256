// Drift-free polling: every device has a phase in its interval and polls at phase + k × interval (the
// grid), whatever the previous poll took. Phases spread a role's devices evenly over the interval. A global
// limit caps concurrent polls; a device whose previous poll is still running skips the tick (counted) rather
// than queueing up, so a slow or dead device never shifts anyone's schedule.

export interface Task {
  id: string;
  intervalMs: number;
  phaseMs: number;
  run: (tick: number) => Promise<void>;
}

/** Evenly spread phases for tasks sharing an interval, in the given (stable) order. */
export function spreadPhases(ids: readonly string[], intervalMs: number): Map<string, number> {
  const sorted = [...ids].sort();
  return new Map(sorted.map((id, k) => [id, Math.floor((k * intervalMs) / Math.max(1, sorted.length))]));
}

/** The first grid time strictly after `now`. */
export function nextTick(now: number, intervalMs: number, phaseMs: number): number {
  return Math.floor((now - phaseMs) / intervalMs + 1) * intervalMs + phaseMs;
}

export class Semaphore {
  private waiting: Array<() => void> = [];
  private active = 0;
  constructor(readonly limit: number) {}
  async acquire(): Promise<() => void> {
    if (this.active >= this.limit) await new Promise<void>((r) => this.waiting.push(r));
    else this.active++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.waiting.shift();
      if (next) next(); else this.active--;
    };
  }
  get inUse(): number { return this.active; }
}

export class Scheduler {
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly running = new Map<string, Promise<void>>();
  private readonly tasks = new Map<string, Task>();
  private started = false;
  private stopped = false;
  private readonly sem: Semaphore;

  constructor(tasks: readonly Task[], concurrency: number, private readonly onSkip: (id: string) => void = () => {}) {
    for (const t of tasks) this.tasks.set(t.id, t);
    this.sem = new Semaphore(concurrency);
  }

  start(): void {
    this.started = true;
    for (const t of this.tasks.values()) this.arm(t, nextTick(Date.now(), t.intervalMs, t.phaseMs));
  }

  /** Adds a task (a device added by a reload); it starts on its grid, the others are untouched. */
  add(t: Task): void {
    if (this.tasks.has(t.id)) throw new Error(`scheduler: task ${t.id} already scheduled`);
    this.tasks.set(t.id, t);
    if (this.started) this.arm(t, nextTick(Date.now(), t.intervalMs, t.phaseMs));
  }

  /** Removes a task; resolves when its poll in flight (if any) has finished. */
  async remove(id: string): Promise<void> {
    this.tasks.delete(id);
    const timer = this.timers.get(id);
    if (timer) clearTimeout(timer);
    this.timers.delete(id);
    await this.running.get(id);
  }

  private arm(t: Task, at: number): void {
    if (this.stopped || this.tasks.get(t.id) !== t) return;
    this.timers.set(t.id, setTimeout(() => this.fire(t, at), Math.max(0, at - Date.now())));
  }

  private fire(t: Task, at: number): void {
    if (this.stopped || this.tasks.get(t.id) !== t) return;
    // Next grid point from the scheduled time (no drift); if the loop was blocked past it, the next one after now.
    let next = at + t.intervalMs;
    if (next <= Date.now()) next = nextTick(Date.now(), t.intervalMs, t.phaseMs);
    this.arm(t, next);
    if (this.running.has(t.id)) { this.onSkip(t.id); return; }
    const p = (async () => {
      const release = await this.sem.acquire();
      try { if (!this.stopped) await t.run(at); } finally { release(); }
    })().catch(() => { /* run() reports its own failures */ }).finally(() => this.running.delete(t.id));
    this.running.set(t.id, p);
  }

  /** Stops ticking; resolves when the polls in flight have finished. */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
    await Promise.all(this.running.values());
  }
}
