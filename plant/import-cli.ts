// npm run plant:import -- --config DIR --mapping FILE [--routes FILE [--layer NAME]] [--sites FILE [--sites-layer NAME]]
//   [--pairs FILE.csv] [--force]
import { resolve } from 'node:path';
import { parseCli, usageExit } from '../common/cli.js';
import { PlantFileError } from './feature.js';
import { importPlant } from './import.js';
import { DraftFileError, heldBack } from '../config/draft-files.js';
import { MappingError } from './mapping.js';
import { REASONS } from './match.js';

const USAGE = 'usage: npm run plant:import -- --config DIR --mapping FILE.yaml [--routes FILE.geojson|.kml|.gpkg [--layer NAME]] '
  + '[--sites FILE.geojson|.kml|.gpkg|.csv [--sites-layer NAME]] [--pairs FILE.csv] [--force]';

function main(): number {
  const cli = parseCli(USAGE, {
    options: {
      config: { type: 'string' }, mapping: { type: 'string' }, routes: { type: 'string' }, layer: { type: 'string' },
      sites: { type: 'string' }, 'sites-layer': { type: 'string' }, pairs: { type: 'string' }, force: { type: 'boolean' },
    },
  });
  const v = cli.values;
  const at = (p: string | undefined): string | undefined => (p === undefined ? undefined : resolve(process.env.INIT_CWD ?? process.cwd(), p));
  if (!v.config) usageExit(USAGE, 'plant:import: --config DIR is required (the cadastre directory to merge into)');
  if (!v.mapping) usageExit(USAGE, 'plant:import: --mapping FILE is required (which property holds what)');
  if (!v.routes && !v.sites && !v.pairs) usageExit(USAGE, 'plant:import: nothing to import: give --routes, --sites or --pairs');
  const tty = process.stderr.isTTY;
  let last = 0;
  const report = importPlant({
    configDir: at(v.config)!, mapping: at(v.mapping)!, routes: at(v.routes), layer: v.layer, sites: at(v.sites),
    sitesLayer: v['sites-layer'], pairs: at(v.pairs), force: v.force ?? false,
    progress: (done, total, what) => {
      if (!tty && done !== total && Date.now() - last < 2000) return;
      last = Date.now();
      const line = `plant:import: ${done.toLocaleString('en-GB')}${total ? ` / ${total.toLocaleString('en-GB')}` : ''} ${what}`;
      if (tty) process.stderr.write(`\r${line}${done === total ? '\n' : ''}`); else console.error(line);
    },
  });
  for (const w of report.warnings) console.error(`warning: ${w}`);
  for (const u of report.unmatched) console.error(`unmatched ${u.ref}: ${REASONS[u.reason]} (${u.reason}): ${u.detail}`);
  for (const r of report.renamed) console.log(`segment ${r.from} merged into ${r.to} (the cadastre's segment of that owner between the same sites)`);
  const held = report.merges.filter(heldBack);
  for (const mr of report.merges) for (const line of mr.diff) console.log(line);
  if (held.length) {
    console.error(`plant:import: ${held.map((mr) => mr.file).join(', ')} ${held.length === 1 ? 'is' : 'are'} reviewed (no DRAFT line): nothing was written; re-run with --force to write the changes above`);
  }
  for (const mr of report.merges) {
    if (mr.written) console.log(`plant:import: wrote ${mr.file}: ${mr.added.length} added, ${mr.changed.length} changed${mr.reviewed ? ' (reviewed file, --force: marked DRAFT again)' : ''}`);
  }
  const drafted = report.segments.filter((s) => s.drafted).length;
  console.log(`plant:import: ${report.segments.length} segments (${drafted} drafted along roads, ${report.guessedMeasuredBy.length} with a guessed measuredBy), `
    + `${report.sites.length} sites, ${report.unmatched.length} unmatched; now run npm run config:check -- ${v.config}`);
  return held.length ? 1 : 0;
}

try {
  process.exitCode = main();
} catch (e) {
  // A file that cannot be read (the mapping, an export, a cadastre file that is not YAML): its message names it.
  if (e instanceof MappingError || e instanceof PlantFileError || e instanceof DraftFileError) {
    console.error(e.message);
    console.error('plant:import: failed, nothing was written');
    process.exitCode = 1;
  } else throw e;
}
