// Bearer tokens with roles. Tokens are configured only as SHA-256 hashes (a leaked tokens file grants
// nothing); a presented token is hashed and looked up. Per-token rate limit: a sliding window.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createMiddleware } from 'hono/factory';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { ROLES, type AppEnv, type Role } from './context.js';
import { apiErrorSaying } from './format.js';
import { sentence } from '../common/i18n.js';

export const RoleSchema = z.enum(ROLES);

export const TokenEntry = z.object({
  name: z.string().min(1).regex(/^[^:,\s]+$/, 'a name without spaces, commas or colons'),
  role: RoleSchema,
  sha256: z.string().regex(/^[0-9a-f]{64}$/i, 'the SHA-256 of the token, 64 hex digits').transform((s) => s.toLowerCase()),
}).strict();
export type TokenEntry = z.output<typeof TokenEntry>;
export const TokensFile = z.array(TokenEntry);

/** The SHA-256 hex digest of a token: what goes in the tokens file. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

function checkTokens(raw: unknown, where: string): TokenEntry[] {
  const r = TokensFile.safeParse(raw);
  if (!r.success) {
    const issue = r.error.issues[0];
    throw new Error(`${where}: ${issue?.path.map(String).join('.') || '(root)'}: ${issue?.message ?? 'invalid'}`);
  }
  const names = new Set<string>();
  for (const t of r.data) {
    if (names.has(t.name)) throw new Error(`${where}: token name ${t.name} appears twice`);
    names.add(t.name);
  }
  return r.data;
}

/** Reads a YAML tokens file: a list of `{ name, role, sha256 }`. */
export function readTokensFile(path: string): TokenEntry[] {
  let raw: unknown;
  try {
    raw = parseYaml(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new Error(`${path}: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`);
  }
  return checkTokens(raw ?? [], path);
}

/** Parses API_TOKENS: `name:role:sha256,name:role:sha256`. */
export function parseTokensEnv(value: string, where = 'API_TOKENS'): TokenEntry[] {
  const items = value.split(',').map((s) => s.trim()).filter(Boolean).map((item, i) => {
    const [name, role, sha256, ...rest] = item.split(':');
    if (rest.length || sha256 === undefined) throw new Error(`${where}: item ${i + 1}: expected name:role:sha256`);
    return { name, role, sha256 };
  });
  return checkTokens(items, where);
}

/** Tokens from `--tokens FILE`, else API_TOKENS_FILE, else API_TOKENS. */
export function tokensFrom(file: string | undefined, env: NodeJS.ProcessEnv = process.env): TokenEntry[] {
  const path = file ?? env.API_TOKENS_FILE;
  if (path) return readTokensFile(path);
  if (env.API_TOKENS) return parseTokensEnv(env.API_TOKENS);
  return [];
}

export interface RateLimit {
  /** Requests a token may make in any window. */
  requests: number;
  /** The window, milliseconds: at most `requests` pass in any interval this long. */
  windowMs: number;
}
export const DEFAULT_RATE_LIMIT: RateLimit = { requests: 600, windowMs: 60_000 };

/**
 * A sliding-window log per key: the times of the last `requests` requests let through. A request passes when
 * the oldest of them is at least `windowMs` old, so no interval of `windowMs` ever holds more than `requests`
 * (a token bucket, full at the start and refilling meanwhile, let twice the limit through in the first window).
 * Memory: `requests` numbers per token.
 */
export class RateLimiter {
  private readonly logs = new Map<string, { times: number[]; next: number }>();
  constructor(private readonly limit: RateLimit, private readonly clock: () => number = Date.now) {}

  /** Takes one request for the key: 0 when allowed, else the whole seconds until one is. */
  take(key: string): number {
    const now = this.clock();
    let log = this.logs.get(key);
    if (!log) { log = { times: [], next: 0 }; this.logs.set(key, log); }
    if (log.times.length < this.limit.requests) { log.times.push(now); return 0; }
    // A ring: `next` is the oldest of the last `requests` passes.
    const oldest = log.times[log.next];
    if (now - oldest >= this.limit.windowMs) {
      log.times[log.next] = now;
      log.next = (log.next + 1) % log.times.length;
      return 0;
    }
    return Math.max(1, Math.ceil((oldest + this.limit.windowMs - now) / 1000));
  }
}

export interface AuthOptions {
  tokens: readonly TokenEntry[];
  rateLimit?: RateLimit;
  clock?: () => number;
}

/** 401 without a valid Bearer token; 429 with Retry-After past the token's rate; sets `role` and `tokenName`. */
export function authenticate(opts: AuthOptions) {
  const byHash = new Map(opts.tokens.map((t) => [t.sha256, t]));
  const limiter = new RateLimiter(opts.rateLimit ?? DEFAULT_RATE_LIMIT, opts.clock);
  return createMiddleware<AppEnv>(async (c, next) => {
    const header = c.req.header('Authorization');
    const m = header ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
    const challenge = { 'WWW-Authenticate': 'Bearer realm="irisnet"' };
    if (!m) throw apiErrorSaying(401, 'unauthorized', sentence('error.tokenRequired', {}), undefined, challenge);
    const entry = byHash.get(hashToken(m[1]));
    if (!entry) throw apiErrorSaying(401, 'unauthorized', sentence('error.tokenUnknown', {}), undefined, challenge);
    const wait = limiter.take(entry.name);
    if (wait > 0) {
      throw apiErrorSaying(429, 'rate_limited', sentence('error.rateLimited', { token: entry.name, seconds: wait }), undefined, { 'Retry-After': String(wait) });
    }
    c.set('role', entry.role);
    c.set('tokenName', entry.name);
    await next();
  });
}

/** 403 unless the caller's role is one of `roles` (operator is always allowed). */
export function requireRole(...roles: Role[]) {
  const allowed = new Set<Role>(['operator', ...roles]);
  return createMiddleware<AppEnv>(async (c, next) => {
    const role = c.get('role');
    if (!allowed.has(role)) {
      throw apiErrorSaying(403, 'forbidden', sentence('error.forbidden', { role, method: c.req.method, path: c.req.path, allowed: [...allowed] }));
    }
    await next();
  });
}
