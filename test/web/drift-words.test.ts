// The drift layer's words (their own block of common/i18n.ts): every kind config/drift.ts names has a title,
// what the probe saw and what to do in each language, naming the device and the segment; and French and Dutch
// hold no English word (the browser test sees only the two kinds it plants). What the probe saw (DriftItem.seen)
// is worded too: every kind's facts in each language, with the figures and their units, French and Dutch without
// an English word.
import { describe, expect, it } from 'vitest';
import { DRIFT_KINDS, DRIFT_LABELS, driftFacts, driftWords, LANGS } from '../../common/i18n.js';
import { DriftKind, DriftSeen } from '../../config/drift.js';
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

/** Facts as the probe writes them, one item per kind (values chosen free of English words). */
const SEEN: Record<(typeof DRIFT_KINDS)[number], DriftSeen> = {
  unreachable: { target: '10.20.3.4:161', reason: 'timeout', timeoutMs: 2000, attempts: 2 },
  'sysname-mismatch': { target: '10.20.3.4:161', sysName: 'sw-y2' },
  'profile-reads-nothing': { profile: 'cisco-airespace', sysObjectID: '1.3.6.1.4.1.2636.1.1.1.4.82.5' },
  'interface-missing': { measuredBy: { key: 'ifName', value: 'Te9/9/9' }, interfaceCount: 52 },
  'interface-ambiguous': { measuredBy: { key: 'ifAlias', value: 'aval' }, candidates: [{ ifIndex: 3, ifName: 'Gi1/0/3', ifAlias: 'aval' }, { ifIndex: 7, ifName: 'Gi1/0/7', ifAlias: 'aval' }] },
  'speed-mismatch': { measuredBy: { key: 'ifName', value: 'Te1/0/1' }, speedBps: 10_000_000_000, litCapacityBps: 1_000_000_000 },
  'neighbour-elsewhere': { measuredBy: { key: 'ifIndex', value: '12' }, neighbour: { protocol: 'cdp', sysName: 'sw-z3', port: 'Te2/0/5', site: 'pop-sud' }, farEnd: 'pop-nord' },
};
const NNBSP = '\u202f'; // fr-BE groups thousands with a narrow no-break space
const NBSP = '\u00a0'; // inside French guillemets
/** The figures and names each kind's facts must show, per language (numbers in the locale, speeds with units). */
const FIGURES: Record<(typeof DRIFT_KINDS)[number], Record<(typeof LANGS)[number], string[]>> = {
  unreachable: { fr: ['10.20.3.4:161', '2 essais', `2${NNBSP}000 ms`], nl: ['10.20.3.4:161', '2 pogingen', '2.000 ms'], en: ['10.20.3.4:161', '2 attempts', '2,000 ms'] },
  'sysname-mismatch': { fr: [`«${NBSP}sw-y2${NBSP}»`, '10.20.3.4:161'], nl: ['‘sw-y2’', '10.20.3.4:161'], en: ['“sw-y2”', '10.20.3.4:161'] },
  'profile-reads-nothing': { fr: ['cisco-airespace', '1.3.6.1.4.1.2636.1.1.1.4.82.5'], nl: ['cisco-airespace', '1.3.6.1.4.1.2636.1.1.1.4.82.5'], en: ['cisco-airespace', '1.3.6.1.4.1.2636.1.1.1.4.82.5'] },
  'interface-missing': { fr: ['52 interfaces', `ifName «${NBSP}Te9/9/9${NBSP}»`], nl: ['52 interfaces', 'ifName ‘Te9/9/9’'], en: ['52 interfaces', 'ifName “Te9/9/9”'] },
  'interface-ambiguous': {
    fr: ['2 interfaces', `ifAlias «${NBSP}aval${NBSP}»`, `ifIndex 3 (Gi1/0/3, alias «${NBSP}aval${NBSP}»), ifIndex 7 (Gi1/0/7, alias «${NBSP}aval${NBSP}»)`],
    nl: ['2 interfaces', 'ifAlias ‘aval’', 'ifIndex 3 (Gi1/0/3, alias ‘aval’), ifIndex 7 (Gi1/0/7, alias ‘aval’)'],
    en: ['2 interfaces', 'ifAlias “aval”', 'ifIndex 3 (Gi1/0/3, alias “aval”), ifIndex 7 (Gi1/0/7, alias “aval”)'],
  },
  'speed-mismatch': { fr: [`ifName «${NBSP}Te1/0/1${NBSP}»`, 'à 10 Gbit/s', 'de 1 Gbit/s'], nl: ['ifName ‘Te1/0/1’', 'op 10 Gbit/s', 'is 1 Gbit/s'], en: ['ifName “Te1/0/1”', 'at 10 Gbit/s', 'is 1 Gbit/s'] },
  'neighbour-elsewhere': {
    fr: ['CDP', 'ifIndex 12', 'sw-z3', 'port Te2/0/5', 'site pop-sud', 'pop-nord'],
    nl: ['CDP', 'ifIndex 12', 'sw-z3', 'poort Te2/0/5', 'site pop-sud', 'pop-nord'],
    en: ['CDP', 'ifIndex 12', 'sw-z3', 'port Te2/0/5', 'site pop-sud', 'pop-nord'],
  },
};

describe('the drift facts (what the probe saw)', () => {
  it('words every kind\'s facts in each language, naming the figures with their units', () => {
    for (const kind of DRIFT_KINDS) {
      // The fixture fills every field its kind carries: a field left out would go unchecked.
      expect(DriftSeen.parse(SEEN[kind]), kind).toEqual(SEEN[kind]);
      for (const lang of LANGS) {
        const facts = driftFacts({ ...item(kind), seen: SEEN[kind] }, lang);
        expect(facts.length, `${kind} ${lang}`).toBe(1);
        for (const figure of FIGURES[kind][lang]) expect(facts[0], `${kind} ${lang}`).toContain(figure);
        expect(facts[0]).not.toMatch(/\{\w+\}|undefined/);
      }
    }
    // An item of an old drift.json (no facts) has none: the map shows its English message instead.
    expect(driftFacts(item('speed-mismatch'), 'fr')).toEqual([]);
    // Facts missing a figure the sentence needs are not worded with a hole.
    expect(driftFacts({ ...item('speed-mismatch'), seen: { speedBps: 10_000_000_000 } }, 'nl')).toEqual([]);
  });

  it('writes the facts in French and Dutch without an English word; in English they are English', () => {
    for (const kind of DRIFT_KINDS) {
      for (const lang of ['fr', 'nl'] as const) {
        const text = driftFacts({ ...item(kind), seen: SEEN[kind] }, lang).join(' ');
        expect(englishWordsIn(text), `${kind} ${lang}: ${text}`).toEqual([]);
        expect(englishWordsIn(DRIFT_LABELS[lang].driftSeen)).toEqual([]);
      }
      expect(englishWordsIn(driftFacts({ ...item(kind), seen: SEEN[kind] }, 'en').join(' ')).length, kind).toBeGreaterThan(0);
    }
  });

  it('words the other reasons a device does not answer', () => {
    const words = (reason: 'auth' | 'error', lang: (typeof LANGS)[number]): string[] => driftFacts({ ...item('unreachable'), seen: { target: '10.20.3.4:161', reason } }, lang);
    expect(words('auth', 'fr')).toEqual(['10.20.3.4:161 a refusé les identifiants SNMP.']);
    expect(words('auth', 'nl')).toEqual(['10.20.3.4:161 weigerde de SNMP-gegevens.']);
    expect(words('auth', 'en')).toEqual(['10.20.3.4:161 refused the SNMP credentials.']);
    expect(words('error', 'fr')).toEqual(['10.20.3.4:161 a répondu par une erreur SNMP.']);
    expect(words('error', 'nl')).toEqual(['10.20.3.4:161 antwoordde met een SNMP-fout.']);
    expect(words('error', 'en')).toEqual(['10.20.3.4:161 answered with an SNMP error.']);
  });
});
