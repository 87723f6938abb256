// composeQuote (pure) on the hand-made planning network with figures given directly, and stored quotes.
import { describe, it, expect, afterAll } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadCadastre } from '../../config/load.js';
import type { SegmentFigures } from '../../analytics/model.js';
import { composeQuote, quoteWindow, QuoteRequest, type Quote } from '../../analytics/quote.js';
import { newQuoteId, QUOTE_ID } from '../../api/quotes-store.js';
import { SqliteRecords } from '../../store/records-sqlite.js';
import { renderQuoteHtml } from '../../api/quote-html.js';
import { formatEuroCents, PRICING_RULES_TEXT } from '../../common/i18n.js';
import { formatEuros } from '../../analytics/pricing.js';
import { englishWordsIn } from '../support/english.js';

const cadastre = loadCadastre('test/fixtures/planning-net');
const NOW = Date.UTC(2026, 10, 20, 12, 2, 30);

/** Figures with chosen sellable bps and free pairs per segment (the rest as in the cadastre). */
function figures(sellable: Record<string, number>, free: Record<string, number> = {}): SegmentFigures[] {
  const d = { meanBps: null, p95Bps: null, maxBps: null, meanUtilisationPct: null, p95UtilisationPct: null, maxUtilisationPct: null, samples: 0 };
  return cadastre.segments.map((s) => ({
    id: s.id, owner: s.owner, a: s.a, b: s.b, lengthMetres: s.lengthMetres as number, litCapacityBps: s.litCapacityBps,
    pairs: s.pairs, freeDarkPairs: free[s.id] ?? s.pairs.total - s.pairs.lit - s.pairs.reserved, ab: d, ba: d, sellableBps: sellable[s.id] ?? 0, reserved: { bps: 0, pairs: 0 },
  }));
}
const all = (bps: number): Record<string, number> => Object.fromEntries(cadastre.segments.map((s) => [s.id, bps]));
const req = (r: unknown): QuoteRequest => QuoteRequest.parse(r);
const compose = (f: SegmentFigures[], r: unknown): ReturnType<typeof composeQuote> => composeQuote(cadastre, f, req(r), quoteWindow(NOW), NOW, 'Q-20261120-0000abcd');

describe('composeQuote', () => {
  it('prices on whole 5-minute buckets of the last 30 days', () => {
    expect(quoteWindow(NOW)).toEqual({ from: Date.UTC(2026, 9, 21, 12, 0), to: Date.UTC(2026, 10, 20, 12, 0) });
  });

  it('lit diverse: the disjoint pair avoiding a segment without capacity', () => {
    const r = compose(figures({ ...all(500e6), cd: 10e6 }), { from: 'A', to: 'B', service: { kind: 'lit', bandwidthBps: 100e6 }, termMonths: 12, protection: 'diverse' });
    expect('quote' in r).toBe(true);
    const q = (r as { quote: Quote }).quote;
    expect(q.routes.map((x) => x.segments.map((s) => s.id))).toEqual([['ad', 'db'], ['ac', 'cb']]);
    // Bandwidth is charged on each route: 2 × 100 Mbit/s × 50 c.
    expect(q.price.monthly.bandwidthCents).toBe(10_000);
  });

  it('names the cut and the fewest upgrades when no route carries a lit service', () => {
    // From A only C is reachable at 450 Mbit/s; every way on crosses ad, cd or cb. Upgrading cd alone
    // opens the shortest (A–C–D–B), so that is the upgrade proposed.
    const r = compose(figures({ ac: 500e6, cd: 50e6, db: 600e6, ad: 400e6, cb: 400e6, bz: 50e6 }), { from: 'A', to: 'B', service: { kind: 'lit', bandwidthBps: 450e6 }, termMonths: 12 });
    expect('infeasible' in r).toBe(true);
    const inf = (r as { infeasible: { reason: string; blockingSegments: Array<{ id: string }>; upgradeSegments: Array<{ id: string }> } }).infeasible;
    expect(inf.reason).toBe('insufficient-capacity');
    expect(inf.blockingSegments.map((s) => s.id)).toEqual(['ad', 'cb', 'cd']);
    expect(inf.upgradeSegments.map((s) => s.id)).toEqual(['cd']);
  });

  it('proposes upgrades for a diverse pair when capacity, not topology, is missing', () => {
    const r = compose(figures(all(500e6), { ac: 8, cd: 10, db: 8, ad: 0, cb: 20, bz: 2 }), { from: 'A', to: 'B', service: { kind: 'dark', pairs: 2 }, termMonths: 12, protection: 'diverse' });
    const inf = (r as { infeasible: { reason: string; blockingSegments: Array<{ id: string }>; upgradeSegments: Array<{ id: string }> } }).infeasible;
    expect(inf.reason).toBe('no-diverse-route');
    expect(inf.blockingSegments.map((s) => s.id)).toEqual(['ac']); // every remaining route starts with ac
    expect(inf.upgradeSegments.map((s) => s.id)).toEqual(['ad']);
  });

  it('refuses same-site and unknown ends', () => {
    const same = compose(figures(all(500e6)), { from: [4.3501, 50.8401], to: 'A', service: { kind: 'dark', pairs: 1 }, termMonths: 1 });
    expect((same as { infeasible: { reason: string } }).infeasible.reason).toBe('same-site');
    expect(() => compose(figures(all(500e6)), { from: 'A', to: 'X', service: { kind: 'dark', pairs: 1 }, termMonths: 1 })).toThrow(/to: unknown site X/);
  });

  it('validates the request with field paths', () => {
    const r = QuoteRequest.safeParse({ from: [4.35], to: 'B', service: { kind: 'dark', pairs: 1 }, termMonths: 1 });
    expect(r.success).toBe(false);
    const extra = QuoteRequest.safeParse({ from: 'A', to: 'B', service: { kind: 'dark', pairs: 1, bandwidthBps: 5 }, termMonths: 1 });
    expect(extra.success).toBe(false);
    expect(QuoteRequest.parse({ from: 'A', to: 'B', service: { kind: 'dark', pairs: 1 }, termMonths: 1 }).protection).toBe('none');
  });
});

describe('quote store and document', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'quote-store-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('stores quotes in the records store, reads them back, and knows no other id', async () => {
    const store = new SqliteRecords(join(dataDir, 'records.sqlite'));
    const r = compose(figures(all(500e6)), { from: 'A', to: 'Z', service: { kind: 'dark', pairs: 1 }, termMonths: 6, customer: 'x' });
    const base = (r as { quote: Quote }).quote;
    const quotes = Array.from({ length: 20 }, () => ({ ...base, id: newQuoteId(NOW) }));
    await Promise.all(quotes.map((q) => store.saveQuote({ id: q.id, createdAt: q.createdAt, validUntil: q.validUntil, doc: q })));
    expect(new Set(quotes.map((q) => q.id)).size).toBe(20);
    for (const q of quotes) {
      expect(q.id).toMatch(QUOTE_ID);
      expect(q.id.startsWith('Q-20261120-')).toBe(true);
      expect((await store.quote(q.id))?.doc).toEqual(q);
    }
    expect(await store.quote('Q-20261120-ffffffff')).toBeNull();
    expect(await store.quote('../../etc/passwd')).toBeNull();
    await store.close();
  });

  it('renders a document with the figures of the quote, escaped', () => {
    const r = compose(figures(all(500e6)), { from: 'A', to: [4.3812, 50.8403], service: { kind: 'lit', bandwidthBps: 10e6 }, termMonths: 36, customer: '<script>alert(1)</script>' });
    const q = (r as { quote: Quote }).quote;
    const html = renderQuoteHtml(q, cadastre);
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;');
    expect(html).toContain(`Quote ${q.id}`);
    expect(html).toContain('Valid until</td><td>2026-12-20');
    expect(html).toContain('Term discount 15.00 %');
    expect(html).toMatch(/Access build at B end, \d+ m/);
    expect(q.endpoints.to.site).toBe('Z');
  });

  it('renders the document in French and Dutch: labels, sentences and rules from the catalogue, figures in the locale', () => {
    const r = compose(figures(all(500e6)), { from: 'A', to: [4.3812, 50.8403], service: { kind: 'lit', bandwidthBps: 10e6 }, termMonths: 36, customer: 'Opérateur Télé' });
    const q = (r as { quote: Quote }).quote;
    const fr = renderQuoteHtml(q, cadastre, 'fr');
    expect(fr).toContain('<html lang="fr">');
    expect(fr).toContain(`<h1>Devis ${q.id}</h1>`);
    expect(fr).toContain('Valable jusqu’au</td><td>2026-12-20');
    expect(fr).toContain('Remise de durée de 15,00 % sur la partie récurrente');
    expect(fr).toContain('Capacité activée, 10 Mbit/s garantis, sans protection');
    expect(fr).toMatch(/Raccordement à l’extrémité B, [\d\u202f]+ m \(unique\)/);
    expect(fr).toContain(`${PRICING_RULES_TEXT.fr[0]}`);
    const nl = renderQuoteHtml(q, cadastre, 'nl');
    expect(nl).toContain(`<h1>Offerte ${q.id}</h1>`);
    expect(nl).toContain('Looptijdkorting van 15,00 % op het terugkerende deel');
    expect(nl).toContain('36 maanden');
    // Money in the locale: the total as French and Dutch write euros.
    expect(fr).toContain(formatEuroCents(q.price.totalCents, 'fr'));
    expect(nl).toContain(formatEuroCents(q.price.totalCents, 'nl'));
    expect(renderQuoteHtml(q, cadastre, 'en')).toContain(formatEuros(q.price.totalCents));
    // No English word in what a reader sees (names of sites and owners are the cadastre's).
    const words = (page: string): string[] => englishWordsIn(page.replace(/<style>[\s\S]*?<\/style>/, '').replace(/<[^>]+>/g, ' '));
    expect(words(fr), 'fr').toEqual([]);
    expect(words(nl), 'nl').toEqual([]);
    expect(words(renderQuoteHtml(q, cadastre, 'en')).length, 'the check finds the English page').toBeGreaterThan(20);
  });
});
