// vitest globalSetup: one private influxd for the whole run; each test file creates its own database.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { startInfluxd, type InfluxdHandle } from '../../store/influxd.js';

let influxd: InfluxdHandle | undefined;
let dir: string | undefined;

export async function setup(project: TestProject): Promise<void> {
  dir = mkdtempSync(join(tmpdir(), 'irisnet-influx-'));
  influxd = await startInfluxd(dir);
  project.provide('influxUrl', influxd.url);
}

export async function teardown(): Promise<void> {
  await influxd?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
}

declare module 'vitest' {
  export interface ProvidedContext {
    influxUrl: string;
  }
}
