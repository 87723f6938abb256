// The drift layer's words (their own block of common/i18n.ts): every kind config/drift.ts names has a title,
// what the probe saw and what to do in each language, naming the device and the segment; and French and Dutch
// hold no English word (the browser test sees only the two kinds it plants).
import { describe, expect, it } from 'vitest';
import { DRIFT_KINDS, DRIFT_LABELS, driftWords, LANGS } from '../../common/i18n.js';
import { DriftKind } from '../../config/drift.js';
import { englishWordsIn } from '../support/english.js';

const item = (kind: string) => ({ kind, device: 'sw-x1', segment: 'SEG-7' });
/** The cadastre's file names (segments.yaml) are names to type, not English to translate. */
const withoutFileNames = (text: string): string => text.replace(/[\w-]+\.yaml\b/g, ' ');

describe('the drift words', () => {
  it('has words for exactly the kinds the probe names', () => {
    expect([...DRIFT_KINDS].sort()).toEqual([...DriftKind.options].sort());
    expect(driftWords(item('no-such-kind'), 'fr')).toBeNull();
  });

  it('names the device, and the segment where the kind concerns one, in every language', () => {
    for (const kind of DRIFT_KINDS) {
      for (const lang of LANGS) {
        const w = driftWords(item(kind), lang)!;
        expect(w.what, `${kind} ${lang}`).toContain('sw-x1');
        expect(w.title.length * w.todo.length, `${kind} ${lang}`).toBeGreaterThan(0);
        const perSegment = ['interface-missing', 'interface-ambiguous', 'neighbour-elsewhere', 'speed-mismatch'].includes(kind);
        expect(w.what.includes('SEG-7'), `${kind} ${lang}`).toBe(perSegment);
        expect(`${w.what} ${w.todo}`).not.toMatch(/\{\w+\}/);
      }
    }
  });

  it('writes French and Dutch without an English word; the English words are caught in English', () => {
    for (const lang of ['fr', 'nl'] as const) {
      for (const kind of DRIFT_KINDS) {
        const w = driftWords(item(kind), lang)!;
        const text = `${w.title} ${w.what} ${w.todo}`;
        expect(englishWordsIn(withoutFileNames(text)), `${kind} ${lang}: ${text}`).toEqual([]);
      }
      for (const [key, text] of Object.entries(DRIFT_LABELS[lang])) expect(englishWordsIn(text), `${key} ${lang}`).toEqual([]);
    }
    for (const kind of DRIFT_KINDS) {
      const w = driftWords(item(kind), 'en')!;
      expect(englishWordsIn(`${w.title} ${w.what} ${w.todo}`).length, kind).toBeGreaterThan(0);
    }
  });
});
