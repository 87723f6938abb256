// A JSON text read against a zod schema, with the error every stored or imported file gives: the file (or page)
// first, then either why the text is not JSON or the first issue's path and message, so the user can find it.
import type { z } from 'zod';

export function parseJsonWith<S extends z.ZodType>(schema: S, text: string, where: string, fail: (message: string) => Error = (m) => new Error(m)): z.infer<S> {
  let raw: unknown;
  try { raw = JSON.parse(text); } catch (e) {
    throw fail(`${where}: not valid JSON (${e instanceof Error ? e.message : String(e)})`);
  }
  const r = schema.safeParse(raw);
  if (!r.success) {
    const issue = r.error.issues[0];
    throw fail(`${where}: ${issue.path.map(String).join('.') || '(root)'}: ${issue.message}`);
  }
  return r.data;
}
