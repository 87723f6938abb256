// Headless Debian chromium through playwright-core, with every request the page makes recorded, so that a
// test can prove that nothing leaves 127.0.0.1.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM_ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync',
];

export interface BrowserHandle {
  context: BrowserContext;
  page: Page;
  /** Every URL the page (and its workers) asked for, in order. */
  requests: string[];
  /** The fresh profile directory: it names this browser's processes on their command lines. */
  userDataDir: string;
  close(): Promise<void>;
}

/** A fresh profile each time (launchPersistentContext on a new user-data dir), so no state leaks between runs. */
export async function openBrowser(opts: { width?: number; height?: number; token?: string; lang?: string } = {}): Promise<BrowserHandle> {
  const userDataDir = mkdtempSync(join(tmpdir(), 'irisnet-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: opts.width ?? 1400, height: opts.height ?? 900 },
    locale: 'en-GB',
  });
  const requests: string[] = [];
  context.on('request', (r) => { requests.push(r.url()); });
  if (opts.token !== undefined || opts.lang !== undefined) {
    await context.addInitScript(({ token, lang }) => {
      if (token) sessionStorage.setItem('irisnet.token', token);
      if (lang) localStorage.setItem('irisnet.lang', lang);
    }, { token: opts.token ?? '', lang: opts.lang ?? '' });
  }
  // Fail fast with a clear locator error rather than run into the test's own timeout.
  context.setDefaultTimeout(15_000);
  const page = context.pages()[0] ?? await context.newPage();
  return {
    context, page, requests, userDataDir,
    close: async () => {
      await context.close();
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

/** Requests that would leave the machine: anything but http(s)/ws on 127.0.0.1, data: and blob:. */
export function foreignRequests(urls: readonly string[]): string[] {
  return urls.filter((u) => {
    if (u.startsWith('data:') || u.startsWith('blob:')) return false;
    try {
      const url = new URL(u);
      return !(['http:', 'https:', 'ws:', 'wss:'].includes(url.protocol) && url.hostname === '127.0.0.1');
    } catch {
      return true;
    }
  });
}

export type { Browser };

/**
 * CPU time (user + system, ms) used so far by every process of this browser (Linux /proc): a figure that,
 * unlike wall time, does not grow when other work shares the machine.
 */
export function browserCpuMs(b: Pick<BrowserHandle, 'userDataDir'>): number {
  const tick = 100; // USER_HZ on Linux
  let total = 0;
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      if (!readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(b.userDataDir)) continue;
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      total += (Number(fields[11]) + Number(fields[12])) * (1000 / tick);
    } catch {
      // The process ended between the listing and the read.
    }
  }
  return total;
}
