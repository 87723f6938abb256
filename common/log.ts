// Structured JSON logs, one object per line. Every registered secret (communities, v3 keys, webhook secrets) is
// masked in every line as a last line of defence; the messages themselves are built without them.
// Masking walks the values before JSON.stringify: after it, a secret holding `"`, `\` or a control character is
// escaped in the text and no longer matches.
export type Level = 'debug' | 'info' | 'warn' | 'error';
export type LogFields = Record<string, unknown>;

export interface Logger {
  log(level: Level, msg: string, fields?: LogFields): void;
  /** Registers a secret to mask ("***") in every later line; part of the interface so that masking never
   * depends on which logger a caller was given. Empty or undefined values are ignored. */
  addSecret(secret: string | undefined): void;
}

const ORDER: readonly Level[] = ['debug', 'info', 'warn', 'error'];
export const MASK = '***';

/** A copy of value fit for JSON with every string (keys included) masked; Errors become their masked message. */
export function maskSecrets(value: unknown, secrets: readonly string[], seen = new Set<object>()): unknown {
  const maskText = (t: string): string => {
    let out = t;
    for (const s of secrets) if (out.includes(s)) out = out.split(s).join(MASK);
    return out;
  };
  if (typeof value === 'string') return maskText(value);
  if (typeof value === 'bigint') return value.toString();
  if (value === null || typeof value !== 'object') return value;
  if (seen.has(value)) return '[circular]';
  seen.add(value);
  try {
    if (value instanceof Error) return maskText(value.message);
    const withJson = value as { toJSON?: () => unknown };
    if (typeof withJson.toJSON === 'function') return maskSecrets(withJson.toJSON(), secrets, seen);
    if (Array.isArray(value)) return value.map((v) => maskSecrets(v, secrets, seen));
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[maskText(k)] = maskSecrets(v, secrets, seen);
    return out;
  } finally {
    seen.delete(value);
  }
}

export class JsonLogger implements Logger {
  // Longest first, so that a secret containing another is masked whole.
  private secrets: string[] = [];

  constructor(private readonly sink: (line: string) => void = (l) => process.stderr.write(`${l}\n`), readonly minLevel: Level = 'info', secrets: Iterable<string | undefined> = []) {
    for (const s of secrets) this.addSecret(s);
  }

  addSecret(secret: string | undefined): void {
    if (!secret || this.secrets.includes(secret)) return;
    this.secrets = [...this.secrets, secret].sort((a, b) => b.length - a.length);
  }

  log(level: Level, msg: string, fields: LogFields = {}): void {
    if (ORDER.indexOf(level) < ORDER.indexOf(this.minLevel)) return;
    this.sink(JSON.stringify(maskSecrets({ time: new Date().toISOString(), level, msg, ...fields }, this.secrets)));
  }
}
