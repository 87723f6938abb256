// Argument parsing for every CLI: node:util parseArgs (strict: an unknown option or a missing value is an error)
// plus the one way our CLIs report bad usage: a message naming the option, the usage line, exit code 2.
import { parseArgs, type ParseArgsConfig } from 'node:util';

export type ParsedCli<T extends ParseArgsConfig> = ReturnType<typeof parseArgs<T>>;

/** Prints "<message>\nusage: <usage>" on stderr and exits 2 (bad usage, as opposed to 1: the work failed). */
export function usageExit(usage: string, message: string): never {
  process.stderr.write(`${message}\nusage: ${usage}\n`);
  process.exit(2);
}

/** parseArgs over process.argv (or config.args), strict; bad usage exits 2 with the message and the usage line. */
export function parseCli<const T extends Omit<ParseArgsConfig, 'strict'>>(usage: string, config: T): ParsedCli<T & { strict: true }> {
  try {
    return parseArgs({ ...config, strict: true });
  } catch (e) {
    // parseArgs' messages name the option ("Unknown option '--x'", "Option '--port <value>' argument missing").
    return usageExit(usage, (e as Error).message);
  }
}

/** A whole number option within [min, max]; anything else exits 2 naming the option. */
export function intOption(usage: string, name: string, value: string, min = Number.MIN_SAFE_INTEGER, max = Number.MAX_SAFE_INTEGER): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isInteger(n) || n < min || n > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? (min === Number.MIN_SAFE_INTEGER ? 'an integer' : `an integer >= ${min}`) : `an integer in [${min}, ${max}]`;
    usageExit(usage, `--${name}: expected ${range}, got '${value}'`);
  }
  return n;
}

/** A number option (decimals allowed) within [min, max]; anything else exits 2 naming the option. */
export function numberOption(usage: string, name: string, value: string, min = -Infinity, max = Infinity): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < min || n > max) {
    usageExit(usage, `--${name}: expected a number${Number.isFinite(min) ? ` >= ${min}` : ''}${Number.isFinite(max) ? ` <= ${max}` : ''}, got '${value}'`);
  }
  return n;
}

/** One of a fixed set of values; anything else exits 2 naming the option and the choices. */
export function choiceOption<C extends string>(usage: string, name: string, value: string, choices: readonly C[]): C {
  if (!(choices as readonly string[]).includes(value)) usageExit(usage, `--${name}: expected one of ${choices.join(', ')}, got '${value}'`);
  return value as C;
}
