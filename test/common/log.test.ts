import { describe, it, expect } from 'vitest';
import { JsonLogger, type Logger } from '../../common/log.js';

function capture(secrets: string[] = []): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  return { logger: new JsonLogger((l) => lines.push(l), 'debug', secrets), lines };
}

describe('JsonLogger secret masking', () => {
  // Secrets JSON escapes: after JSON.stringify they no longer appear verbatim in the line.
  const quote = 'pa"ss';
  const backslash = 'c:\\key\\x';
  const unicode = 'clé-€-🔑\u0007';

  it('masks secrets holding ", \\ and non-ASCII in the message and in nested fields, arrays and errors', () => {
    const { logger, lines } = capture();
    for (const s of [quote, backslash, unicode]) logger.addSecret(s);
    logger.log('warn', `auth with ${quote} failed`, {
      device: 'sw-1',
      nested: { community: backslash, list: ['ok', `x${unicode}y`, { deeper: `${quote}/${backslash}` }] },
      error: new Error(`bad key ${unicode}`),
      count: 3,
    });
    expect(lines).toHaveLength(1);
    const parsed = JSON.parse(lines[0]) as Record<string, unknown>;
    expect(parsed.msg).toBe('auth with *** failed');
    expect(parsed.device).toBe('sw-1');
    expect(parsed.nested).toEqual({ community: '***', list: ['ok', 'x***y', { deeper: '***/***' }] });
    expect(parsed.error).toBe('bad key ***');
    expect(parsed.count).toBe(3);
    for (const s of [quote, backslash, unicode, JSON.stringify(quote).slice(1, -1), JSON.stringify(backslash).slice(1, -1)]) {
      expect(lines[0]).not.toContain(s);
    }
  });

  it('takes secrets at construction, masks the longer of two overlapping secrets whole, and keeps other values', () => {
    const { logger, lines } = capture(['abc', 'abcdef', undefined as unknown as string, '']);
    logger.log('info', 'x abcdef y abc z', { when: new Date(Date.UTC(2026, 0, 2)), big: 12n, none: null });
    const parsed = JSON.parse(lines[0]) as Record<string, unknown>;
    expect(parsed.msg).toBe('x *** y *** z');
    expect(parsed.when).toBe('2026-01-02T00:00:00.000Z');
    expect(parsed.big).toBe('12');
    expect(parsed.none).toBeNull();
  });

  it('masks through the Logger interface whatever the caller holds, and drops lines below the level', () => {
    const lines: string[] = [];
    const logger: Logger = new JsonLogger((l) => lines.push(l), 'info');
    logger.addSecret('s3cr"t');
    logger.log('debug', 'hidden s3cr"t');
    logger.log('error', 'shown s3cr"t');
    expect(lines.map((l) => (JSON.parse(l) as { msg: string }).msg)).toEqual(['shown ***']);
  });

  it('writes a circular structure once and marks the loop', () => {
    const { logger, lines } = capture();
    const a: Record<string, unknown> = { name: 'a' };
    a.self = a;
    logger.log('info', 'loop', { a });
    expect((JSON.parse(lines[0]) as { a: unknown }).a).toEqual({ name: 'a', self: '[circular]' });
  });
});
