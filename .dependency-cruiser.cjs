// The layer rules of the developers' guide (README "Layout"), checked by `npm run lint:deps` and `npm test`.
// Each folder imports only the layers below it:
//   common → config → store → analytics → stages (collector, alerts, works, plant, discover, api) → web
// sim/ (the simulated network) is for scripts/, bench/ and test/ only; nothing outside api/ imports api/
// except the launcher (scripts/), bench/ and test/ (and web/, types only).
// The rules describe the target layout; a violation means the design is wrong, not the rule.

/** Every project folder, for "anything in the project except ..." rules. */
const FOLDERS = ['common', 'config', 'store', 'analytics', 'collector', 'alerts', 'works', 'plant', 'discover', 'api', 'web', 'sim', 'scripts', 'bench', 'test'];
const PRODUCTION = ['common', 'config', 'store', 'analytics', 'collector', 'alerts', 'works', 'plant', 'discover', 'api', 'web'];
const STAGES = ['collector', 'alerts', 'works', 'plant', 'discover', 'api'];
const BELOW_STAGES = ['common', 'config', 'store', 'analytics'];

/** common/ modules the browser map may import: pure, no Node built-ins (checked below). */
const BROWSER_SAFE_COMMON = '(time|units|format|i18n)\\.ts';

const folders = (names) => `^(${names.join('|')})/`;

/** A layer may import itself and the listed layers; any other project folder is forbidden. */
function layer(name, allowed) {
  const forbidden = FOLDERS.filter((f) => f !== name && !allowed.includes(f));
  return {
    name: `layer-${name}`,
    comment: `${name}/ imports only ${[name, ...allowed].join(', ')} (layers below it)`,
    severity: 'error',
    from: { path: `^${name}/` },
    to: { path: folders(forbidden) },
  };
}

module.exports = {
  forbidden: [
    layer('common', []),
    layer('config', ['common']),
    layer('store', ['common', 'config']),
    layer('analytics', ['common', 'config', 'store']),
    // Stages sit on the layers below and never import each other.
    ...STAGES.map((s) => layer(s, BELOW_STAGES)),
    {
      name: 'web-imports-types-only',
      comment: 'web/ (the browser map) imports only types from api/ and analytics/',
      severity: 'error',
      from: { path: '^web/' },
      to: { path: folders(['api', 'analytics']), dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'web-layers',
      comment: 'web/ imports its own modules, types from api/ and analytics/, and browser-safe common/ modules; nothing else of the project',
      severity: 'error',
      from: { path: '^web/' },
      to: { path: folders(FOLDERS.filter((f) => !['web', 'api', 'analytics', 'common'].includes(f))) },
    },
    {
      name: 'web-common-browser-safe',
      comment: 'from common/, web/ may import only pure, browser-safe modules (no node: built-ins)',
      severity: 'error',
      from: { path: '^web/' },
      to: { path: '^common/', pathNot: `^common/${BROWSER_SAFE_COMMON}$` },
    },
    {
      name: 'common-browser-safe-is-pure',
      comment: 'the common/ modules web/ may import use no Node built-in (add a module to BROWSER_SAFE_COMMON only if so)',
      severity: 'error',
      from: { path: `^common/${BROWSER_SAFE_COMMON}$` },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'no-sim-in-production',
      comment: 'sim/ (the simulated network) is imported only by scripts/, bench/, test/ and sim/ itself',
      severity: 'error',
      from: { path: folders(PRODUCTION) },
      to: { path: '^sim/' },
    },
    {
      name: 'api-only-from-launchers',
      comment: 'nothing outside api/ imports api/ except scripts/ (the launcher), bench/, test/ and web/ (types only)',
      severity: 'error',
      from: { pathNot: '^(api|scripts|bench|test|web)/' },
      to: { path: '^api/' },
    },
    {
      name: 'no-circular',
      comment: 'no circular dependencies',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'not-to-unresolvable',
      comment: 'every import resolves (a file in the project, a node: built-in or an installed package)',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    // TypeScript 7 has no JS compiler API yet, so dependency-cruiser parses our .ts with swc (it keeps type-only imports).
    parser: 'swc',
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(node_modules|web/dist|var)/' },
    // swc keeps type-only imports as dependencies of type 'type-only' (web/ is allowed only those from api/ and
    // analytics/, and a type cycle is still a cycle); tsPreCompilationDeps would need tsc's API.
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.js', '.mjs', '.cjs', '.json', '.d.ts'],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
