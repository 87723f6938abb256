// Argument parsing for every CLI: node:util parseArgs (strict: an unknown option or a missing value is an error)
// plus the one way our CLIs report bad usage: a message naming the option, then the usage line, exit code 2
// (1 stays "the work failed"). -h/--help prints the usage on stdout and exits 0.
import { parseArgs, type ParseArgsConfig } from 'node:util';

type Config = Omit<ParseArgsConfig, 'strict' | 'tokens'>;
type WithHelp<T extends Config> = T & { strict: true; options: NonNullable<T['options']> & { help: { type: 'boolean'; short: 'h' } } };

/** Prints "<message>\n<usage>" on stderr and exits 2. `usage` starts with "usage: ". */
export function usageExit(usage: string, message: string): never {
  process.stderr.write(`${message}\n${usage}\n`);
  process.exit(2);
}

/** Prints the message on stderr and exits 2: a configuration the CLI was given cannot be used (no usage line). */
export function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(2);
}

export interface Cli<T extends Config> {
  values: ReturnType<typeof parseArgs<WithHelp<T>>>['values'];
  positionals: string[];
  /** Bad usage: the message, the usage line, exit 2. */
  fail(message: string): never;
  /** A whole-number option in [min, max] (undefined when absent). */
  int(name: string, min?: number, max?: number): number | undefined;
  /** A finite number option in [min, max] (undefined when absent); exclusive lower bound with `above`. */
  num(name: string, bounds?: { min?: number; above?: number; max?: number; unit?: string }): number | undefined;
  /** One of a fixed set of values (undefined when absent). */
  choice<C extends string>(name: string, choices: readonly C[]): C | undefined;
}

/** parseArgs over process.argv.slice(2) (or config.args), strict, with -h/--help and typed option readers. */
export function parseCli<const T extends Config>(usage: string, config: T): Cli<T> {
  const fail = (message: string): never => usageExit(usage, message);
  let parsed: ReturnType<typeof parseArgs<WithHelp<T>>>;
  try {
    parsed = parseArgs({ ...config, strict: true, options: { ...config.options, help: { type: 'boolean', short: 'h' } } } as WithHelp<T>);
  } catch (e) {
    // parseArgs names the option: "Unknown option '--x'", "Option '--port <value>' argument missing".
    return fail((e as Error).message);
  }
  const values = parsed.values as Record<string, unknown>;
  if (values.help) {
    process.stdout.write(`${usage}\n`);
    process.exit(0);
  }
  const text = (name: string): string | undefined => {
    const v = values[name];
    return typeof v === 'string' ? v : undefined;
  };
  return {
    values: parsed.values,
    positionals: parsed.positionals,
    fail,
    int(name, min = Number.MIN_SAFE_INTEGER, max = Number.MAX_SAFE_INTEGER) {
      const v = text(name);
      if (v === undefined) return undefined;
      const n = Number(v);
      if (v.trim() === '' || !Number.isInteger(n) || n < min || n > max) {
        const range = max !== Number.MAX_SAFE_INTEGER ? ` in [${min}, ${max}]` : min !== Number.MIN_SAFE_INTEGER ? ` ≥ ${min}` : '';
        fail(`--${name}: expected an integer${range}, got "${v}"`);
      }
      return n;
    },
    num(name, bounds = {}) {
      const v = text(name);
      if (v === undefined) return undefined;
      const n = Number(v);
      const { min = -Infinity, above, max = Infinity, unit } = bounds;
      if (v.trim() === '' || !Number.isFinite(n) || n < min || (above !== undefined && n <= above) || n > max) {
        const lo = above !== undefined ? `(${above}` : Number.isFinite(min) ? `[${min}` : '';
        const range = lo && Number.isFinite(max) ? ` in ${lo}, ${max}]` : lo ? (above !== undefined ? ` > ${above}` : ` ≥ ${min}`) : Number.isFinite(max) ? ` ≤ ${max}` : '';
        fail(`--${name}: expected ${unit ? `a number of ${unit}` : 'a number'}${range}, got "${v}"`);
      }
      return n;
    },
    choice(name, choices) {
      const v = text(name);
      if (v === undefined) return undefined;
      if (!(choices as readonly string[]).includes(v)) fail(`--${name}: expected one of ${choices.join(', ')}, got "${v}"`);
      return v as (typeof choices)[number];
    },
  };
}
