// How a cadastre or policy file names a secret: never the value, the environment variable that holds it.
// Apart from schema.ts so that the alert policy (which schema.ts imports) uses the same definition.
import { z } from 'zod';

const kind = (v: unknown): string => (v === null ? 'null' : Array.isArray(v) ? 'a list' : typeof v === 'object' ? 'an object' : `a ${typeof v}`);

/** `{env: VAR}`. A wrong shape says which shape is expected and what was found (its type only: it may be the secret). */
export const SecretRef = z.object(
  { env: z.string().regex(/^[A-Z_][A-Z0-9_]*$/, 'an environment variable name') },
  { error: (iss) => (iss.code === 'invalid_type' ? `expected {env: VAR} (the environment variable holding the secret), got ${kind(iss.input)}` : undefined) },
).strict();
export type SecretRef = z.infer<typeof SecretRef>;
