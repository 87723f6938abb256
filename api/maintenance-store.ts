// Planned maintenance declared by operators through the API: one JSON file, <dataDir>/maintenance.json, replaced
// whole on each change (common/fs.ts), validated with the cadastre's schema when read. The cadastre's own windows
// (maintenance.yaml) are read-only beside them.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from '../common/fs.js';
import { MaintenanceWindow } from '../config/schema.js';

const File = z.array(MaintenanceWindow);

export class MaintenanceStore {
  readonly file: string;
  /** Bumped on every change, so that cached figures know to recompute. */
  version = 0;

  constructor(dataDir: string) {
    this.file = join(dataDir, 'maintenance.json');
  }

  list(): MaintenanceWindow[] {
    if (!existsSync(this.file)) return [];
    const r = File.safeParse(JSON.parse(readFileSync(this.file, 'utf8')));
    if (!r.success) throw new Error(`${this.file}: ${r.error.issues[0]?.path.join('.')}: ${r.error.issues[0]?.message}`);
    return r.data;
  }

  add(w: MaintenanceWindow): void {
    this.write([...this.list().filter((x) => x.id !== w.id), w]);
  }

  /** False when no window has this id. */
  remove(id: string): boolean {
    const all = this.list();
    const rest = all.filter((x) => x.id !== id);
    if (rest.length === all.length) return false;
    this.write(rest);
    return true;
  }

  private write(windows: MaintenanceWindow[]): void {
    windows.sort((a, b) => a.from.localeCompare(b.from) || a.id.localeCompare(b.id));
    writeFileAtomic(this.file, `${JSON.stringify(windows, null, 2)}\n`);
    this.version++;
  }
}
