// Structured JSON logs, one object per line. Every registered secret (communities, v3 keys) is masked in
// every line as a last line of defence; the messages themselves are built without them.
export type Level = 'debug' | 'info' | 'warn' | 'error';
export type LogFields = Record<string, unknown>;

export interface Logger {
  log(level: Level, msg: string, fields?: LogFields): void;
}

export class JsonLogger implements Logger {
  private readonly secrets = new Set<string>();

  constructor(private readonly sink: (line: string) => void = (l) => process.stderr.write(`${l}\n`), readonly minLevel: Level = 'info') {}

  addSecret(s: string | undefined): void { if (s && s.length >= 1) this.secrets.add(s); }

  redact(text: string): string {
    let t = text;
    for (const s of this.secrets) if (t.includes(s)) t = t.split(s).join('***');
    return t;
  }

  log(level: Level, msg: string, fields: LogFields = {}): void {
    const order: Level[] = ['debug', 'info', 'warn', 'error'];
    if (order.indexOf(level) < order.indexOf(this.minLevel)) return;
    const line = JSON.stringify({ time: new Date().toISOString(), level, msg, ...fields },
      (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
    this.sink(this.redact(line));
  }
}
