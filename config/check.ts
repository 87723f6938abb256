// Cross-checks that a schema alone cannot express. Each problem is one line `file: path: message`.
import type { Cadastre } from './schema.js';

export function crossCheck(c: Cadastre): string[] {
  void c;
  return [];
}
