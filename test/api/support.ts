// Shared pieces of the API tests: tokens per role, a deterministic PRNG, independent figure computations.
import { hashToken, type TokenEntry } from '../../api/auth.js';
import type { Role } from '../../api/context.js';
import { mulberry32 } from '../../config/demo-prng.js';

export const TOKENS: Record<Role, string> = {
  operator: 'op-7f3a9c-secret',
  planner: 'pl-2b81d4-secret',
  commercial: 'co-9e0c55-secret',
  viewer: 'vw-44aa17-secret',
};
export const TOKEN_ENTRIES: TokenEntry[] = (Object.entries(TOKENS) as Array<[Role, string]>)
  .map(([role, token]) => ({ name: `${role}-test`, role, sha256: hashToken(token) }));

export const auth = (role: Role): { Authorization: string } => ({ Authorization: `Bearer ${TOKENS[role]}` });

/** Deterministic PRNG (mulberry32). */
export const rng = mulberry32;

/** The definitions, computed the plain way: sort, take ⌈0.95·N⌉-th, sum/N. */
export function expected(values: number[]): { n: number; mean: number | null; p95: number | null; max: number | null } {
  if (values.length === 0) return { n: 0, mean: null, p95: null, max: null };
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((95 * sorted.length) / 100);
  return { n: sorted.length, mean: values.reduce((s, v) => s + v, 0) / values.length, p95: sorted[rank - 1], max: sorted[sorted.length - 1] };
}

export function closeRel(actual: number | null, wanted: number | null, rel = 1e-9): boolean {
  if (actual === null || wanted === null) return actual === wanted;
  if (wanted === 0) return Math.abs(actual) < 1e-12;
  return Math.abs(actual - wanted) / Math.abs(wanted) <= rel;
}
