// The API's docs page (GET /api/docs) in Debian's chromium, under the API's real CSP: its one script (allowed by
// hash) lists the operations, and the words around them follow the language asked (common/i18n.ts).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCadastre } from '../../config/load.js';
import { startApi, type ApiHandle } from '../../api/cli.js';
import { API_DOCS_LABELS } from '../../common/i18n.js';
import { freshDatabase } from '../support/influx.js';
import { englishWordsIn } from '../support/english.js';
import { openBrowser, type BrowserHandle } from '../web/browser.js';
import { TOKEN_ENTRIES } from './support.js';

const cadastre = loadCadastre('test/fixtures/cadastre-small');
let api: ApiHandle;
let browser: BrowserHandle;
let dataDir: string;

beforeAll(async () => {
  const store = await freshDatabase('api_docs_page');
  dataDir = mkdtempSync(join(tmpdir(), 'irisnet-docs-page-'));
  api = await startApi({
    configDir: 'test/fixtures/cadastre-small', cadastre, port: 0, host: '127.0.0.1', tokens: TOKEN_ENTRIES, dataDir, influx: store.config,
    log: () => {}, rateLimit: { requests: 100_000, windowMs: 60_000 },
  });
  browser = await openBrowser();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await api?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe('the docs page', { timeout: 60_000 }, () => {
  for (const lang of ['fr', 'nl', 'en'] as const) {
    it(`lists the operations in chromium, its own words in ${lang}`, async () => {
      const page = browser.page;
      const refused: string[] = [];
      const onConsole = (m: { type(): string; text(): string }): void => { if (/Content Security Policy/i.test(m.text())) refused.push(m.text()); };
      page.on('console', onConsole);
      const res = await page.goto(`${api.url}/api/docs?lang=${lang}`);
      expect(res?.status()).toBe(200);
      await page.locator('#ops h2').first().waitFor();
      page.off('console', onConsole);
      expect(refused, 'no script refused by the CSP').toEqual([]);
      const t = API_DOCS_LABELS[lang];
      expect(await page.getAttribute('html', 'lang')).toBe(lang);
      expect(await page.locator('#ops h2').count()).toBeGreaterThan(20);
      expect(await page.locator('#ops th').first().textContent()).toBe(t.parameter);
      const roles = await page.locator('#ops span.roles').allTextContents();
      expect(roles.some((l) => l.startsWith(`${t.roles} operator`))).toBe(true);
      expect(roles).toContain(t.noToken);
      expect((await page.locator('#ops p.roles').allTextContents()).some((l) => l.startsWith(`${t.answers} 200`))).toBe(true);
      expect(await page.locator('body > p').nth(1).textContent()).toContain(t.authenticate);
    });
  }

  it('has its words in French and Dutch without an English word', () => {
    for (const lang of ['fr', 'nl'] as const) {
      for (const [key, text] of Object.entries(API_DOCS_LABELS[lang])) expect(englishWordsIn(text), `${lang} ${key}: ${text}`).toEqual([]);
    }
    expect(englishWordsIn(Object.values(API_DOCS_LABELS.en).join(' ')).length).toBeGreaterThan(0);
  });
});
