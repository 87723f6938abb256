// npm run plant:export -- --config DIR --out DIR [--format geojson,kml,gpkg]
import { resolve } from 'node:path';
import { parseCli, usageExit } from '../common/cli.js';
import { readCadastre } from '../config/load.js';
import { exportPlant, FORMATS, type Format } from './export.js';

const USAGE = 'usage: npm run plant:export -- --config DIR --out DIR [--format geojson,kml,gpkg]';

function main(): number {
  const cli = parseCli(USAGE, { options: { config: { type: 'string' }, out: { type: 'string' }, format: { type: 'string' } } });
  const at = (p: string): string => resolve(process.env.INIT_CWD ?? process.cwd(), p);
  if (!cli.values.config) usageExit(USAGE, 'plant:export: --config DIR is required');
  if (!cli.values.out) usageExit(USAGE, 'plant:export: --out DIR is required');
  const formats = (cli.values.format ?? FORMATS.join(',')).split(',').map((f) => f.trim());
  const bad = formats.filter((f) => !(FORMATS as readonly string[]).includes(f));
  if (bad.length) usageExit(USAGE, `--format: expected some of ${FORMATS.join(', ')}, got "${bad.join(',')}"`);
  const { cadastre, problems } = readCadastre(at(cli.values.config));
  if (!cadastre) {
    for (const p of problems) console.error(p);
    console.error(`plant:export: ${cli.values.config}: not a valid cadastre, nothing exported`);
    return 1;
  }
  const files = exportPlant(cadastre, at(cli.values.out), formats as Format[]);
  console.log(`plant:export: ${cadastre.segments.length} segments and ${cadastre.sites.length} sites to ${files.join(', ')} (read back with plant/export-mapping.yaml)`);
  return 0;
}

process.exitCode = main();
