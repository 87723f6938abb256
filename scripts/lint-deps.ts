// Checks the layer rules in .dependency-cruiser.cjs (npm run lint:deps, and npm test before vitest).
// Through dependency-cruiser's API rather than its CLI: the CLI refuses Node 20 (our engine) by a version check
// alone, while the API runs on it. Usage: tsx scripts/lint-deps.ts [--config FILE] [path ...]
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { cruise, type IConfiguration, type ICruiseOptions } from 'dependency-cruiser';
import extractTSConfig from 'dependency-cruiser/config-utl/extract-ts-config';
import { parseCli } from '../common/cli.js';

const PROJECT_FOLDERS = ['common', 'config', 'store', 'analytics', 'collector', 'alerts', 'works', 'plant', 'discover', 'api', 'web/src', 'sim', 'scripts', 'bench', 'test'];

const cli = parseCli('tsx scripts/lint-deps.ts [--config FILE] [path ...]', {
  options: { config: { type: 'string', default: '.dependency-cruiser.cjs' } },
  allowPositionals: true,
});

const require = createRequire(import.meta.url);
const config = require(resolve(cli.values.config)) as IConfiguration;
const options: ICruiseOptions = {
  ...(config.options as ICruiseOptions),
  validate: true,
  ruleSet: { forbidden: config.forbidden ?? [] },
  outputType: 'err',
};
const tsConfig = extractTSConfig(resolve('tsconfig.json'));
const paths = cli.positionals.length > 0 ? cli.positionals : PROJECT_FOLDERS;
const result = await cruise(paths, options, {}, { tsConfig });
process.stdout.write(typeof result.output === 'string' ? result.output : JSON.stringify(result.output));
process.exitCode = result.exitCode === 0 ? 0 : 1;
