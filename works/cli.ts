// npm run works:import -- <file-or-url> [--config DIR]
// Imports Osiris worksites into DIR/worksites.geojson (default: $CONFIG_DIR or config/demo).
import { describeRejected, importWorksites, WorksImportError } from './import.js';
import { WorksiteFileError } from '../config/worksites.js';
import { parseCli, usageExit } from '../common/cli.js';

const USAGE = 'usage: npm run works:import -- <geojson-file | OGC API Features items URL> [--config DIR]';

async function main(): Promise<void> {
  const cli = parseCli(USAGE, { options: { config: { type: 'string' } }, allowPositionals: true });
  const configDir = cli.values.config ?? process.env.CONFIG_DIR ?? 'config/demo';
  const [source, ...extra] = cli.positionals;
  if (!source) usageExit(USAGE, 'works:import: no source given (a GeoJSON file or an items URL)');
  if (extra.length) usageExit(USAGE, `works:import: one source only, got also ${extra.join(' ')}`);
  const tty = process.stderr.isTTY;
  const report = await importWorksites(source, {
    configDir,
    onProgress: (p) => {
      const line = `works:import: page ${p.page}: ${p.features.toLocaleString('en-GB')} features read`;
      if (tty) process.stderr.write(`\r${line}`); else console.error(line);
    },
  });
  if (tty) process.stderr.write('\n');
  for (const r of report.rejected) console.error(`skipped ${describeRejected(r)}`);
  for (const id of report.duplicates) console.error(`worksite ${id} appears more than once in the source: the last one is kept`);
  console.log(`works:import: ${report.read} features read from ${report.pages} page(s), ${report.kept} kept, ${report.rejected.length} skipped; `
    + `${report.added} added, ${report.updated} updated; ${report.total} worksites in ${report.file}`);
}

main().catch((e: unknown) => {
  if (e instanceof WorksImportError || e instanceof WorksiteFileError) console.error(`works:import: failed, the previous worksites are unchanged: ${e.message}`);
  else console.error('works:import: failed, the previous worksites are unchanged:', e);
  process.exit(1);
});
