// The README's Production section, command by command: every npm script it names exists, every `node dist/…`
// entry point is built from a source of tsconfig.build.json and accepts the options the README gives it, every
// file it copies or runs exists, every unit it enables is shipped. (Running them is deploy.test.ts, auth.test.ts
// and containers.test.ts; this keeps the text in step with them.)
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const readme = readFileSync('README.md', 'utf8');
const section = readme.slice(readme.indexOf('## Production\n'), readme.indexOf('## Benchmarks\n'));
const lines = [...section.matchAll(/```sh\n([\s\S]*?)```/g)].flatMap((m) => m[1].replace(/\\\n/g, ' ').split('\n'))
  .map((l) => l.replace(/\s+#.*$/, '').trim()).filter((l) => l && !l.startsWith('#'));
const commands = lines.flatMap((l) => l.split(/\s*(?:&&|;)\s*/)).map((c) => c.replace(/^for .* do /, '').replace(/; done$/, '').trim());

describe('README: Production', () => {
  it('has commands to check', () => {
    expect(commands.length).toBeGreaterThan(10);
  });

  it('names npm scripts that exist', () => {
    const scripts = (JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> }).scripts;
    for (const c of commands) {
      const m = /^npm run (\S+)/.exec(c);
      if (m) expect(Object.keys(scripts), c).toContain(m[1]);
    }
  });

  it('runs built entry points that exist and accept the options given', () => {
    const build = JSON.parse(readFileSync('tsconfig.build.json', 'utf8').replace(/^\s*\/\/.*$/gm, '')) as { include: string[] };
    const seen = new Set<string>();
    for (const c of commands) {
      const m = /^node dist\/(\S+)\.js(.*)$/.exec(c);
      if (!m) continue;
      seen.add(m[1]);
      const src = `${m[1]}.ts`;
      expect(existsSync(src), c).toBe(true);
      expect(build.include, c).toContain(src.split('/')[0]);
      const usage = spawnSync(process.execPath, ['--import', 'tsx', src, '--help'], { encoding: 'utf8' });
      for (const flag of m[2].match(/--[a-z-]+/g) ?? []) expect(usage.stdout + usage.stderr, `${c}: ${flag}`).toContain(flag);
    }
    expect([...seen].sort()).toEqual(['alerts/cli', 'api/cli', 'collector/cli']);
  });

  it('copies and runs files that exist, and enables units that are shipped', () => {
    for (const c of commands) {
      for (const path of c.match(/deploy\/[\w./*$-]+/g) ?? []) {
        const expanded = path.includes('$s') ? ['collector', 'alerts', 'api'].map((s) => path.replace('$s', s)) : [path];
        for (const p of expanded) {
          if (p.includes('*')) {
            const dir = p.slice(0, p.lastIndexOf('/'));
            const re = new RegExp(`^${p.slice(p.lastIndexOf('/') + 1).replace(/\./g, '\\.').replace(/\*/g, '.*')}$`);
            expect(readdirSync(dir).filter((f) => re.test(f)).length, c).toBeGreaterThan(0);
          } else expect(existsSync(p), `${c}: ${p}`).toBe(true);
        }
      }
      const units = /^systemctl enable --now (.+)$/.exec(c);
      if (units) for (const u of units[1].split(/\s+/)) expect(existsSync(`deploy/systemd/${u}.service`), u).toBe(true);
    }
  });
});
