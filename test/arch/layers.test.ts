// The layer rules (.dependency-cruiser.cjs) hold for the real tree, and a forbidden import makes them fail naming
// the rule. The forbidden imports are planted in a temporary project (the same rules file, a minimal tsconfig),
// never in the real folders, so that no other test or type check running meanwhile sees them.
import { describe, it, expect } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const tsx = join(root, 'node_modules/.bin/tsx');
const lint = join(root, 'scripts/lint-deps.ts');
const rules = join(root, '.dependency-cruiser.cjs');

function lintDeps(cwd: string, paths: string[] = []): { status: number | null; out: string } {
  const r = spawnSync(tsx, [lint, '--config', rules, ...paths], { cwd, encoding: 'utf8' });
  return { status: r.status, out: r.stdout + r.stderr };
}

/** A scratch project with the given files (path → source), removed whatever happens. */
function withProject(files: Record<string, string>, run: (dir: string) => void): void {
  const dir = mkdtempSync(join(tmpdir(), 'irisnet-layers-'));
  try {
    writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext' } }));
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), text);
    }
    run(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The rule names in the error report, one per violation. */
const violations = (out: string): string[] => [...out.matchAll(/^\s*error (\S+):/gm)].map((m) => m[1]).sort();

describe('dependency rules', () => {
  it('the real tree passes', () => {
    const r = lintDeps(root);
    expect(r.out).toContain('no dependency violations found');
    expect(r.status).toBe(0);
  });

  it('a planted import of api/ from collector/ fails, naming the rule', () => {
    withProject({
      'collector/planted.ts': "import { app } from '../api/app.js';\nexport const planted = app;\n",
      'api/app.ts': 'export const app = 1;\n',
    }, (dir) => {
      const r = lintDeps(dir, ['collector', 'api']);
      expect(r.status).toBe(1);
      expect(violations(r.out)).toEqual(['api-only-from-launchers', 'layer-collector']);
      expect(r.out).toContain('collector/planted.ts → api/app.ts');
    });
  });

  it('names each other rule broken, and lets web/ import types from api/', () => {
    withProject({
      'common/up.ts': "import { cfg } from '../config/c.js';\nexport const up = cfg;\n",
      'config/c.ts': 'export const cfg = 1;\n',
      'store/s.ts': "import { agent } from '../sim/agent.js';\nexport const s = agent;\n",
      'sim/agent.ts': 'export const agent = 1;\n',
      'alerts/a.ts': "import { w } from '../works/w.js';\nexport const a = w;\n",
      'works/w.ts': 'export const w = 1;\n',
      'analytics/x.ts': "import { y } from './y.js';\nexport const x = 1;\nexport const xy = y;\n",
      'analytics/y.ts': "import { x } from './x.js';\nexport const y = () => x;\n",
      'api/schemas.ts': 'export interface Item { id: string }\nexport const item = 1;\n',
      'web/src/types.ts': "import type { Item } from '../../api/schemas.js';\nexport type Shown = Item;\n",
      'web/src/value.ts': "import { item } from '../../api/schemas.js';\nimport { missing } from './nowhere.js';\nexport const v = item + missing;\n",
    }, (dir) => {
      const r = lintDeps(dir, ['common', 'config', 'store', 'sim', 'alerts', 'works', 'analytics', 'api', 'web']);
      expect(r.status).toBe(1);
      expect(violations(r.out)).toEqual([
        'layer-alerts', 'layer-common', 'layer-store', 'no-circular', 'no-sim-in-production',
        'not-to-unresolvable', 'web-imports-types-only',
      ]);
      expect(r.out).not.toContain('web/src/types.ts');
    });
  });
});
