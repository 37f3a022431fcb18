// The edge of the page (docs/guides/edge-of-the-page.md), in Chromium against the real server and SQLite: a reload at once, a server
// that cannot be reached, a renderer killed outright, 30 s offline, two tabs typing in turn. Each case runs
// three times on a fresh document, and every run must end with the final text on the screen and in the
// database. No fixed sleeps: every wait is for a condition; the offline case moves the page's clock instead.
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import {
  api,
  chromiumPath,
  examples,
  hasChromium,
  launchBrowser,
  startServer,
  watchErrors,
  type DemoServer,
} from './harness';

const poll = { timeout: 30_000, interval: 100 };
const RUNS = [1, 2, 3];

describe.skipIf(!hasChromium)('the edge of the page, in Chromium', () => {
  let server: DemoServer;
  let demo: ReturnType<typeof api>;
  let browser: Awaited<ReturnType<typeof launchBrowser>>;
  const pages: Page[] = [];
  let watches: ReturnType<typeof watchErrors>[] = [];

  beforeAll(async () => {
    server = await startServer();
    demo = api(server.url);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });
  afterEach(async () => {
    for (const page of pages.splice(0)) if (!page.isClosed()) await page.close();
    const errors = watches.flatMap((w) => w.errors);
    watches = [];
    expect(errors, 'page errors and console errors').toEqual([]);
  });

  /** A page with the error watch; the dialogs it opens (warnBeforeUnload) are accepted. */
  const newPage = async (context: BrowserContext = browser.context) => {
    const page = await context.newPage();
    page.setDefaultTimeout(poll.timeout);
    const watch = watchErrors(page);
    // The network is cut on purpose in some runs: the browser's own lines for the failed requests are expected.
    watch.allow((m) => /Failed to load resource|ERR_INTERNET_DISCONNECTED|ERR_FAILED/.test(m.text()));
    watches.push(watch);
    page.on('dialog', (dialog) => void dialog.accept());
    pages.push(page);
    return page;
  };
  const body = (page: Page) => page.getByLabel('Body', { exact: true });
  const open = async (page: Page, doc: string) => {
    await page.goto(`${server.url}/?doc=${doc}`);
    await body(page).waitFor();
  };
  const waitStatus = (page: Page, value: string) =>
    page.locator(`[role="status"][aria-label="Autosave status"][data-status="${value}"]`).waitFor();
  /** The body as SQLite holds it, read from the file the server writes. */
  const stored = (doc: string) => {
    const Database = createRequire(join(examples, 'package.json'))('better-sqlite3');
    const db = new Database(join(server.dataDir, 'demo.sqlite'), { readonly: true });
    try {
      const row = db.prepare("SELECT value FROM doc_fields WHERE doc_id = ? AND field = 'body'").get(doc) as
        { value: string } | undefined;
      return row?.value;
    } finally {
      db.close();
    }
  };
  /** The run's verdict: the final text on the screen and in the database. */
  const landed = async (page: Page, doc: string, text: string) => {
    await expect.poll(() => body(page).inputValue(), poll).toBe(text);
    await expect.poll(() => stored(doc), poll).toBe(text);
    await expect.poll(async () => (await demo.stats()).writesInFlight, poll).toBe(0);
    expect(stored(doc)).toBe(text);
    expect(await body(page).inputValue()).toBe(text);
  };

  test.each(RUNS)(
    'D1 D4 reload at once after typing: the page shows what was typed, and it is saved (run %i)',
    async (run) => {
      const doc = `edge-reload-${run}`;
      const page = await newPage();
      await open(page, doc);
      await body(page).pressSequentially('Saved first.', { delay: 10 });
      await waitStatus(page, 'saved');
      const text = 'Saved first. Typed right before the reload';
      await body(page).pressSequentially(' Typed right before the reload', { delay: 5 });
      // No wait for the save: the page is reloaded at once (the keepalive save may land before or after the new
      // page reads the document; the draft decides either way).
      await page.reload();
      await body(page).waitFor();
      await landed(page, doc, text);
    },
  );

  test.each(RUNS)(
    'D4 O2 the server cannot be reached: the editor opens from this device, and the text is saved when it is back (run %i)',
    async (run) => {
      const doc = `edge-unreachable-${run}`;
      const page = await newPage();
      await open(page, doc);
      await body(page).pressSequentially('Online part.', { delay: 10 });
      await waitStatus(page, 'saved');
      // The API goes away: every request to it fails as a network error would.
      await page.route('**/api/**', (route) => route.abort('internetdisconnected'));
      const text = 'Online part. Typed while the server is gone.';
      await body(page).pressSequentially(' Typed while the server is gone.', { delay: 10 });
      await page
        .getByRole('status', { name: 'Autosave status', exact: true })
        .filter({ hasText: 'Offline: kept on this device' })
        .waitFor();
      expect(stored(doc)).toBe('Online part.');
      await page.reload();
      await page.getByText("The server can't be reached: this is the copy on this device.").waitFor();
      await expect.poll(() => body(page).inputValue(), poll).toBe(text);
      // The server is back: the waiting save goes out without anybody doing anything.
      await page.unroute('**/api/**');
      await landed(page, doc, text);
    },
  );

  test.each(RUNS)(
    'D1 D4 the renderer is killed before the save (no pagehide, no beforeunload): the next page shows the text and saves it (run %i)',
    async (run) => {
      const doc = `edge-killed-${run}`;
      // A browser of its own, launched as a process with a browser-level CDP session, to find its renderers.
      const own: Browser = await chromium.launch({
        executablePath: chromiumPath,
        args: [
          '--no-sandbox',
          '--disable-gpu',
          '--disable-quic',
          '--no-first-run',
          '--disable-background-networking',
          '--disable-component-update',
          '--disable-sync',
        ],
      });
      try {
        const context = await own.newContext();
        const page = await newPage(context);
        await open(page, doc);
        await body(page).pressSequentially('Kept on this device.', { delay: 10 });
        // Nothing reaches the server before the kill: the page's writes wait in the browser.
        await page.route('**/api/docs/*/fields/**', () => {});
        await body(page).press('ControlOrMeta+End');
        await body(page).pressSequentially(' Even this.', { delay: 10 });
        const text = 'Kept on this device. Even this.';
        await expect
          .poll(() => page.evaluate(() => Object.keys(localStorage).some((k) => k.startsWith('demo:draft:'))), poll)
          .toBe(true);
        const cdp = await own.newBrowserCDPSession();
        const { processInfo } = (await cdp.send('SystemInfo.getProcessInfo')) as {
          processInfo: { type: string; id: number }[];
        };
        const renderers = processInfo.filter((p) => p.type === 'renderer').map((p) => p.id);
        expect(renderers.length).toBeGreaterThan(0);
        const crashed = new Promise<void>((resolve) => page.once('crash', () => resolve()));
        for (const pid of renderers) process.kill(pid, 'SIGKILL');
        await crashed;
        // Every killed renderer is gone before the next page opens (one may be a spare the browser would hand it).
        const alive = (pid: number) => {
          try {
            process.kill(pid, 0);
            return true;
          } catch {
            return false;
          }
        };
        await expect.poll(() => renderers.filter(alive).length, poll).toBe(0);
        expect(stored(doc) ?? '').not.toBe(text);
        const again = await newPage(context);
        await open(again, doc);
        await landed(again, doc, text);
      } finally {
        await own.close();
      }
    },
  );

  test.each(RUNS)(
    'D5 a draft left on this device is not saved over a later save of another device when the editor opens while the server cannot be reached (run %i)',
    async (run) => {
      const doc = `edge-stale-draft-${run}`;
      const first = `Device one wrote this (run ${run}).`;
      const later = `Device two replaced it later (run ${run}).`;
      const one = await newPage();
      await open(one, doc);
      await body(one).pressSequentially(first, { delay: 5 });
      // Left at once: the save on the way out lands, but no page hears its answer, so the draft stays.
      await one.goto('about:blank');
      await expect.poll(() => stored(doc), poll).toBe(first);
      // Another device (a browser of its own, with its own storage) replaces the text.
      const device = await launchBrowser();
      try {
        const two = await newPage(device.context);
        await open(two, doc);
        await expect.poll(() => body(two).inputValue(), poll).toBe(first);
        await body(two).fill(later);
        await waitStatus(two, 'saved');
        await expect.poll(() => stored(doc), poll).toBe(later);
      } finally {
        await device.close();
      }
      // The first device opens the document while the server cannot be reached: from its own copy, its draft shown.
      await one.route('**/api/**', (route) => route.abort('internetdisconnected'));
      await one.goto(`${server.url}/?doc=${doc}`);
      await one.getByText("The server can't be reached: this is the copy on this device.").waitFor();
      await expect.poll(() => body(one).inputValue(), poll).toBe(first);
      await one.unroute('**/api/**');
      // The server answers: the editor opens from its copy, and the older draft waits for the user's choice.
      await one.getByText('older than the saved copy').waitFor();
      await landed(one, doc, later);
      expect(
        (await demo.writes(doc)).recent.filter((w) => w.outcome === 'committed').map((w) => w.value),
      ).not.toContain(undefined);
    },
  );

  test.each(RUNS)(
    'O1 30 s offline while typing: nothing is sent, the page says so, and back online the text is saved (run %i)',
    async (run) => {
      const doc = `edge-offline-${run}`;
      // Playwright's clock is per context: a browser of the test's own, so the 30 s pass on the page's clock.
      const own = await launchBrowser();
      try {
        const page = await newPage(own.context);
        await page.clock.install();
        await open(page, doc);
        await body(page).pressSequentially('Before.', { delay: 10 });
        await page.clock.runFor(1000);
        await waitStatus(page, 'saved');
        await own.context.setOffline(true);
        const parts = [' One,', ' two,', ' three,', ' four,', ' five,', ' six.'];
        for (const part of parts) {
          await body(page).pressSequentially(part, { delay: 10 });
          await page.clock.runFor(5000);
        }
        const text = `Before.${parts.join('')}`;
        await page
          .getByRole('status', { name: 'Autosave status', exact: true })
          .filter({ hasText: 'Offline: kept on this device' })
          .waitFor();
        expect(stored(doc)).toBe('Before.');
        expect((await demo.writes(doc)).recent.filter((w) => w.field === 'body')).toHaveLength(1);
        await own.context.setOffline(false);
        await page.clock.runFor(1000);
        await landed(page, doc, text);
        await waitStatus(page, 'saved');
      } finally {
        await own.close();
      }
    },
  );

  test.each(RUNS)(
    'D1 D4 price list: a row retyped right before a reload comes back from its draft and is saved (run %i)',
    async (run) => {
      const list = `edge-rows-${run}`;
      const page = await newPage();
      await open(page, list);
      const espresso = page.getByLabel('Price of Espresso', { exact: true });
      await espresso.waitFor();
      const price = `${run + 5}.45`;
      await espresso.selectText();
      await espresso.pressSequentially(price, { delay: 5 });
      await page.reload();
      await espresso.waitFor();
      await expect.poll(() => espresso.inputValue(), poll).toBe(price);
      const storedPrice = () => {
        const Database = createRequire(join(examples, 'package.json'))('better-sqlite3');
        const db = new Database(join(server.dataDir, 'demo.sqlite'), { readonly: true });
        try {
          return (
            db.prepare("SELECT price FROM list_items WHERE list_id = ? AND item_id = 'espresso'").get(list) as
              { price: number } | undefined
          )?.price;
        } finally {
          db.close();
        }
      };
      await expect.poll(storedPrice, poll).toBe(Math.round(Number(price) * 100));
      await expect.poll(async () => (await demo.stats()).rowWritesInFlight, poll).toBe(0);
      expect(await espresso.inputValue()).toBe(price);
    },
  );

  test.each(RUNS)(
    'D6 two tabs: A types while its writes fail and is closed before any lands; B, which shows the text, saves it (run %i)',
    async (run) => {
      const doc = `edge-tab-gone-${run}`;
      const a = await newPage();
      const b = await newPage();
      await open(a, doc);
      await open(b, doc);
      await body(a).pressSequentially('Start.', { delay: 10 });
      await waitStatus(a, 'saved');
      await expect.poll(() => body(b).inputValue(), poll).toBe('Start.');
      // Every write of A fails from now on (the server answers 500): its retries, and its save as the tab closes.
      await a.route('**/api/docs/*/fields/**', (route) => route.fulfill({ status: 500, body: 'down' }));
      const text = `Start. A typed this and closed the tab (run ${run}).`;
      await body(a).press('ControlOrMeta+End');
      await body(a).pressSequentially(text.slice('Start.'.length), { delay: 10 });
      await expect.poll(() => body(b).inputValue(), poll).toBe(text);
      await a.close({ runBeforeUnload: true });
      await landed(b, doc, text);
      await waitStatus(b, 'saved');
    },
  );

  test.each(RUNS)(
    'D6 O1 two tabs offline: A types and is closed; back online, B, which shows the text, saves it (run %i)',
    async (run) => {
      const doc = `edge-tab-gone-offline-${run}`;
      const a = await newPage();
      const b = await newPage();
      await open(a, doc);
      await open(b, doc);
      await body(a).pressSequentially('Start.', { delay: 10 });
      await waitStatus(a, 'saved');
      await expect.poll(() => body(b).inputValue(), poll).toBe('Start.');
      // Offline is per context: the shared context's other pages are closed after each test.
      await browser.context.setOffline(true);
      try {
        const text = `Start. A typed this offline and closed the tab (run ${run}).`;
        await body(a).press('ControlOrMeta+End');
        await body(a).pressSequentially(text.slice('Start.'.length), { delay: 10 });
        await expect.poll(() => body(b).inputValue(), poll).toBe(text);
        const closed = new Promise((resolve) => a.once('close', resolve));
        await a.close({ runBeforeUnload: true });
        await closed;
        expect(stored(doc)).toBe('Start.');
        await browser.context.setOffline(false);
        await landed(b, doc, text);
        await waitStatus(b, 'saved');
      } finally {
        await browser.context.setOffline(false);
      }
    },
  );

  test.each(RUNS)(
    'D6 two tabs typing in turn: each tab follows the other, the later edit wins, and both end on the final text (run %i)',
    async (run) => {
      const doc = `edge-tabs-${run}`;
      const a = await newPage();
      const b = await newPage();
      await open(a, doc);
      await open(b, doc);
      const turns: [Page, string][] = [
        [a, 'A types first.'],
        [b, ' B goes on.'],
        [a, ' A again.'],
        [b, ' B ends it.'],
      ];
      let text = '';
      for (const [page, part] of turns) {
        // The tab follows the other one's edit before anybody types in it.
        await expect.poll(() => body(page).inputValue(), poll).toBe(text);
        await body(page).press('ControlOrMeta+End');
        await body(page).pressSequentially(part, { delay: 10 });
        text += part;
        await waitStatus(page, 'saved');
        await expect.poll(() => stored(doc), poll).toBe(text);
      }
      await landed(a, doc, text);
      await landed(b, doc, text);
      // Neither tab overwrote the other's newer text: every refused or conflicting write would show here.
      const outcomes = (await demo.writes(doc)).recent.filter((w) => w.field === 'body').map((w) => w.outcome);
      expect(outcomes.filter((o) => o !== 'committed' && o !== 'repeated')).toEqual([]);
    },
  );
});
