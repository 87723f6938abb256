// A JSON text read against a zod schema, with the error every stored or imported file gives: the file (or page)
// first, then either why the text is not JSON or the first issue's path and message, so the user can find it.
import type { z } from 'zod';

/** `text` may be a reader, so that a file that cannot be read is reported the same way as before (inside the JSON error). */
export function parseJsonWith<S extends z.ZodType>(schema: S, text: string | (() => string), where: string, fail: (message: string) => Error = (m) => new Error(m)): z.infer<S> {
  let raw: unknown;
  try { raw = JSON.parse(typeof text === 'string' ? text : text()); } catch (e) {
    throw fail(`${where}: not valid JSON (${e instanceof Error ? e.message : String(e)})`);
  }
  const r = schema.safeParse(raw);
  if (!r.success) {
    const issue = r.error.issues[0];
    throw fail(`${where}: ${issue.path.map(String).join('.') || '(root)'}: ${issue.message}`);
  }
  return r.data;
}
