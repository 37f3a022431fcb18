// The demo page (examples/) in a real browser against the real server and SQLite: what a person sees,
// and what ends up in the database. No fixed sleeps: every wait is for a condition.
import { createRequire } from 'node:module';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import {
  api,
  examples,
  hasChromium,
  installHint,
  launchBrowser,
  recorded,
  recorderScript,
  BADGES,
  ITEMS,
  watched,
  watchedSelector,
  startServer,
  watchErrors,
  type DemoServer,
  type LoggedItemWrite,
  type LoggedWrite,
} from './harness';

const ci = process.env.CI === 'true';
if (!hasChromium && !ci) console.warn(`e2e tests skipped: ${installHint}`);

test('Chromium is installed, or this is not CI (CI=true needs the browser tests)', () => {
  expect(hasChromium || !ci, installHint).toBe(true);
});

// A cap for a wait that fails the test, not a guess at how long a state takes: the waits are for states.
const poll = { timeout: 60_000, interval: 100 };

/** A badge's recorded states (`raw|shown|text`, see recorderScript), split up. */
const parse = (history: string[]) =>
  history.map((entry) => {
    const [raw, shown, ...text] = entry.split('|');
    return { raw: raw!, shown: shown!, text: text.join('|') };
  });
/** The values in order, each run of repeats counted once. */
const runs = <T>(values: T[]) => values.filter((v, i) => i === 0 || v !== values[i - 1]);

/** One field's writes, in the order the server decided them. */
const writesOf = (recent: LoggedWrite[], field: 'title' | 'body') => recent.filter((w) => w.field === field).reverse();
/** One price-list row's writes, in the order the server decided them. */
const rowWritesOf = (recent: LoggedItemWrite[], item: string) => recent.filter((w) => w.item === item).reverse();
/** The number in "lanes busy: N" texts. */
const busyCounts = (texts: string[]) => texts.map((t) => Number(/lanes busy: (\d+)/.exec(t)?.[1]));

describe.skipIf(!hasChromium)(
  `demo page in Chromium${hasChromium ? '' : ' (skipped: apt-get install -y chromium)'}`,
  () => {
    let server: DemoServer;
    let browser: Awaited<ReturnType<typeof launchBrowser>>;
    let demo: ReturnType<typeof api>;
    let page: Page;
    let watch: ReturnType<typeof watchErrors>;
    /** The types of the dialogs the page opened (all accepted): 'beforeunload' is warnBeforeUnload asking. */
    let dialogs: string[];

    beforeAll(async () => {
      server = await startServer();
      demo = api(server.url);
      browser = await launchBrowser();
    });
    afterAll(async () => {
      await browser?.close();
      await server?.stop();
    });
    /** A fresh page with the recorders and the error watch. */
    const setUp = async (context: Awaited<ReturnType<typeof launchBrowser>>['context']) => {
      page = await context.newPage();
      page.setDefaultTimeout(poll.timeout);
      watch = watchErrors(page);
      dialogs = [];
      page.on('dialog', (dialog) => {
        dialogs.push(dialog.type());
        void dialog.accept();
      });
      await page.addInitScript(recorderScript, { badges: BADGES, items: ITEMS });
    };
    /** A browser of the test's own, closed after it: Playwright's clock is installed for a whole context. */
    let own: Awaited<ReturnType<typeof launchBrowser>> | undefined;
    const ownBrowser = async () => {
      await page.close();
      own = await launchBrowser();
      await setUp(own.context);
    };
    beforeEach(async () => {
      await setUp(browser.context);
    });
    afterEach(async () => {
      await page.close();
      await own?.close();
      own = undefined;
      // A test that failed while a request waited at a gate lets it go, so that the next test starts clean.
      for (const [name, gate] of Object.entries((await demo.stats()).gates))
        if (gate.waiting > 0) await demo.openGate(name);
      await expect
        .poll(async () => (await demo.stats()).writesInFlight + (await demo.stats()).rowWritesInFlight, poll)
        .toBe(0);
      expect(watch.errors, 'page errors and console errors').toEqual([]);
    });
    /**
     * The next request whose URL matches `match` waits at the server behind gate `name` until the test calls
     * demo.openGate(name) (the server's DEMO_GATES): a request held in flight for as long as the test needs,
     * instead of a latency that a busy machine may outlast.
     */
    const gateNext = async (match: RegExp, name: string, { all = false, after = 0 } = {}) => {
      let used = false;
      /** Per path, the requests seen: the first `after` of each path pass ungated. */
      const seen = new Map<string, number>();
      await page.route(match, async (route) => {
        const path = new URL(route.request().url()).pathname;
        seen.set(path, (seen.get(path) ?? 0) + 1);
        if ((used && !all) || seen.get(path)! <= after) return route.fallback();
        used = true;
        const url = new URL(route.request().url());
        url.searchParams.set('gate', name);
        await route.continue({ url: url.toString() });
      });
    };
    /** Waits until `n` writes wait at gate `name` (they reached the server and were held there). */
    const waitAtGate = (name: string, n = 1) => expect.poll(() => demo.waitingAt(name), poll).toBe(n);

    /** Opens the page on its own document and waits until the stored one is loaded. */
    const open = async (doc: string) => {
      await page.goto(`${server.url}/?doc=${doc}`);
      await page.getByLabel('Title', { exact: true }).waitFor();
    };
    // A badge by its accessible name; a watched name (see watchedSelector) is a badge or a field's or row's state.
    const badgeNamed = (name: string) => page.getByRole('status', { name, exact: true });
    const badge = () => badgeNamed('Autosave status');
    const status = async (name = 'autosave-status') => (await watched(page, name)).getAttribute('data-status');
    /** Waits for a raw status (what the hooks report). */
    const waitStatus = async (value: string, name = 'autosave-status', timeout = poll.timeout) =>
      page.locator(`${await watchedSelector(page, name)}[data-status="${value}"]`).waitFor({ timeout });
    /** Waits for the status the calm badge shows (useStatusBadge). */
    const waitShown = async (value: string, name = 'autosave-status', timeout = poll.timeout) =>
      page
        .locator(`${await watchedSelector(page, name)}[data-shown="${value}"]`)
        .waitFor({ state: 'attached', timeout });
    const region = (name: string) => page.getByRole('region', { name, exact: true });
    /** "Not saved yet" or "Last saved 3 s ago", next to the autosave badge. */
    const lastSaved = () => region('Autosave').getByText(/^(Not saved yet|Last saved )/);
    const serverLog = () => region('Server log');
    /** The price list's count of the server's writes ("Server: 3 committed · ..."). */
    const rowWrites = () => region('Price list').getByText(/^Server: /);
    const searchResults = () => region('Search results');
    const title = () => page.getByLabel('Title', { exact: true });
    const body = () => page.getByLabel('Body', { exact: true });
    const select = (label: string, value: string) => page.getByLabel(label, { exact: true }).selectOption(value);
    const saveNow = () => page.getByRole('button', { name: 'Save now' }).click();
    const allowServerError = (path: string, code: number) =>
      watch.allow((m) => m.location().url.includes(path) && m.text().includes(`status of ${code}`));
    // The price list (useLastTaskLanes, one lane per row); it shares the page's `?doc=` name.
    const priceOf = (item: string) => page.getByLabel(`Price of ${item}`, { exact: true });
    const stockOf = (item: string) => page.getByLabel(`${item} in stock`, { exact: true });
    /** Replaces a row's price by typing `text` over it, key by key. */
    const retype = async (item: string, text: string, delay = 40) => {
      await priceOf(item).selectText();
      await priceOf(item).pressSequentially(text, { timeout: 0, delay });
    };
    const openList = async (doc: string) => {
      await open(doc);
      await priceOf('Espresso').waitFor();
    };
    const lanesBadge = () => badgeNamed('Price list status');
    const rowWord = (id: string) => watched(page, `row-status-${id}`);
    const saveAllNow = () => page.getByRole('button', { name: 'Save all now' });
    const sqliteItems = (list: string) => {
      const Database = createRequire(join(examples, 'package.json'))('better-sqlite3');
      const db = new Database(join(server.dataDir, 'demo.sqlite'), { readonly: true });
      try {
        return Object.fromEntries(
          db
            .prepare(
              'SELECT item_id AS id, price, in_stock AS inStock FROM list_items WHERE list_id = ? ORDER BY position',
            )
            .all(list)
            .map((row: { id: string; price: number; inStock: number }) => [row.id, [row.price, row.inStock === 1]]),
        );
      } finally {
        db.close();
      }
    };
    const sqliteRow = (doc: string) => {
      const Database = createRequire(join(examples, 'package.json'))('better-sqlite3');
      const db = new Database(join(server.dataDir, 'demo.sqlite'), { readonly: true });
      try {
        const fields = db.prepare('SELECT field, value FROM doc_fields WHERE doc_id = ?').all(doc) as {
          field: string;
          value: string;
        }[];
        if (fields.length === 0) return undefined;
        return { title: '', body: '', ...Object.fromEntries(fields.map((f) => [f.field, f.value])) };
      } finally {
        db.close();
      }
    };

    test('autosave per field: a paragraph typed at a human pace lands exactly, each field on its own lane, one calm badge', async () => {
      await open('typing');
      // 11.9: a fresh page claims nothing about saving next to "Not saved yet".
      expect(await badge().textContent()).toBe('No changes yet');
      expect(await lastSaved().textContent()).toBe('Not saved yet');

      const titleText = 'Field notes';
      const bodyText =
        'Only the last task counts. Each keystroke restarts the wait, a save in flight is aborted by the next change, ' +
        'and the server refuses any write older than the one it has.';
      const started = Date.now();
      // The title's save is held at the server while the whole body is typed (16.1: no bet on a latency).
      await gateNext(/\/api\/docs\/typing\/fields\/title/, 'typing-title');
      await title().fill(titleText);
      await waitAtGate('typing-title');
      await body().pressSequentially(bodyText, { timeout: 0, delay: 60 });
      const typed = Date.now();
      expect(await demo.doc('typing')).toMatchObject({ title: '' }); // still held
      await demo.openGate('typing-title');
      await waitStatus('saved');
      const savedAfter = Date.now() - typed;

      expect(await demo.doc('typing')).toMatchObject({ title: titleText, body: bodyText });
      // The same, straight from the SQLite file.
      expect(sqliteRow('typing')).toEqual({ title: titleText, body: bodyText });

      // Each field was written on its own, with its own ordering key.
      const writes = await demo.writes('typing');
      const titles = writesOf(writes.recent, 'title');
      const bodies = writesOf(writes.recent, 'body');
      expect(titles.length + bodies.length).toBe(writes.recent.length);
      expect(titles.at(-1)).toMatchObject({ outcome: 'committed', value: titleText });
      expect(bodies.at(-1)).toMatchObject({ outcome: 'committed', value: bodyText });
      for (const w of titles) expect(titleText.startsWith(w.value), w.value).toBe(true);
      for (const w of bodies) expect(bodyText.startsWith(w.value), w.value).toBe(true);
      // Lanes never cancel each other: the title's save was in flight while the body was typed, and stood.
      expect(titles.map((w) => [w.outcome, w.abandoned, w.value])).toEqual([['committed', false, titleText]]);
      expect(titles[0]!.at).toBeGreaterThan(typed);
      expect(writes.refused).toBe(0);
      expectCommittedInKeyOrder(titles);
      expectCommittedInKeyOrder(bodies);
      const stored = (await demo.doc('typing'))!;
      expect(stored.fields.title).toMatchObject({ key: titles.at(-1)!.key });
      expect(stored.fields.body).toMatchObject({ key: bodies.at(-1)!.key });

      // A few writes, not one per keystroke: per field, the 800 ms debounce plus the 4 s maxWait while typing.
      const keystrokes = titleText.length + bodyText.length;
      const typingSeconds = (typed - started) / 1000;
      console.log(
        `e2e autosave: ${keystrokes} keystrokes in ${typingSeconds.toFixed(1)} s → ${titles.length} title + ` +
          `${bodies.length} body writes committed, ${writes.refused} refused; saved ${savedAfter} ms after the last keystroke`,
      );
      expect(bodies.length).toBeLessThanOrEqual(Math.ceil(typingSeconds / 4) + 2);
      expect(writes.committed).toBeLessThan(keystrokes / 10);

      // The form's badge merges both fields (raw) and shows them calmly: it ends on "Saved", which fades.
      await waitShown('idle');
      expect(await badge().textContent()).toBe('All changes saved');
      const history = parse(await recorded(page, 'autosave-status'));
      const raw = runs(history.map((h) => h.raw));
      expect(raw[0]).toBe('idle');
      expect(raw).toContain('pending');
      const lastSaving = raw.lastIndexOf('saving');
      expect(lastSaving).toBeGreaterThan(raw.indexOf('pending'));
      expect(raw.slice(lastSaving + 1)).toEqual(['saved']);
      expect(runs(history.map((h) => h.shown)).slice(-2)).toEqual(['saved', 'idle']);
      const texts = history.map((h) => h.text);
      expect(texts).toContain('Changes pending');
      expect(texts).toContain('Saved');
      // Each field showed its own discreet word.
      for (const field of ['title', 'body']) {
        await waitShown('idle', `field-status-${field}`);
        const words = parse(await recorded(page, `field-status-${field}`)).map((h) => h.text);
        expect(words, field).toContain('edited');
        expect(words, field).toContain('saved');
        expect(words.at(-1), field).toBe(''); // "saved" faded too
      }
      // "Last saved … ago" ticks.
      await expect.poll(() => lastSaved().textContent(), poll).toMatch(/^Last saved [1-9]\d* s ago$/);
    });

    test('calm badge: a fast save never flashes "Saving…", and "Saved" fades', async () => {
      // 16.1: "fast" is decided by the test, not by the machine: the page's clock stands still from the moment
      // the save starts until its answer is in, so the badge's delay before "Saving…" cannot run out on a busy
      // machine (Playwright's clock is per context: a browser of its own).
      await ownBrowser();
      await page.clock.install();
      await open('calm');
      await select('Server latency', '0');
      await page.clock.pauseAt((await page.evaluate(() => Date.now())) + 1000);
      await title().pressSequentially('Calm', { timeout: 0, delay: 40 });
      await page.clock.runFor(800); // the autosave's delay: the save starts
      await waitStatus('saved');
      await page.clock.resume();
      await waitShown('idle');
      const history = parse(await recorded(page, 'autosave-status'));
      expect(history.map((h) => h.raw)).toContain('saving'); // the save did run…
      const shown = runs(history.map((h) => h.shown));
      expect(shown).not.toContain('saving'); // …but the badge never said so
      expect(shown).toEqual(['idle', 'pending', 'saved', 'idle']);
      expect(history.map((h) => h.text)).not.toContain('Saving…');
      expect(await demo.doc('calm')).toMatchObject({ title: 'Calm', body: '' });
    });

    test('autosave (restart): a slow save that lands after a newer one is refused and never overwrites it', async () => {
      await open('race');
      await title().pressSequentially('Race', { timeout: 0, delay: 40 });
      await waitStatus('saved');
      expect(await demo.doc('race')).toMatchObject({ title: 'Race', body: '' });

      // A slow save leaves for the server (held there at a gate)…
      await gateNext(/\/api\/docs\/race\/fields\/body/, 'race-slow');
      await body().fill('slow version');
      await waitStatus('saving');
      await waitAtGate('race-slow');
      expect(await demo.doc('race')).toMatchObject({ body: '' });

      // …and a newer edit overtakes it: the page aborts the slow request, but the server still holds it.
      await body().fill('slow version then fast');
      await saveNow();
      await waitStatus('saved');
      expect(await demo.doc('race')).toMatchObject({ title: 'Race', body: 'slow version then fast' });

      // The slow request lands last and is refused (409): the database keeps the newer text.
      expect(await demo.openGate('race-slow')).toBe(1);
      await expect.poll(async () => (await demo.stats()).writesInFlight, poll).toBe(0);
      const writes = await demo.writes('race');
      expect(writes.refused).toBe(1);
      const slow = writes.recent.find((w) => w.outcome === 'refused');
      expect(slow).toMatchObject({ field: 'body', value: 'slow version', abandoned: true });
      expect(await demo.doc('race')).toMatchObject({ title: 'Race', body: 'slow version then fast' });
      expect(sqliteRow('race')).toEqual({ title: 'Race', body: 'slow version then fast' });
      expectCommittedInKeyOrder(writesOf(writes.recent, 'body'));
      expect(await status()).toBe('saved');
      const log = serverLog();
      await expect.poll(() => log.locator('h3').textContent(), poll).toMatch(/1 refused as stale/);
      // The refused entry by its name: a committed entry's text may hold "409" too (in a key or a time).
      expect(await log.getByRole('listitem', { name: /^refused at/ }).textContent()).toMatch(
        /409.*body.*aborted|body.*aborted/,
      );
    });

    test('"Save now" while typing: the explicit save is not aborted by the next keystrokes, and the final text lands', async () => {
      await open('save-now');
      await gateNext(/\/api\/docs\/save-now\/fields\/body/, 'save-now');
      await body().fill('Explicit save');
      await saveNow();
      // Typing on while that save is in flight (held at the server): each keystroke is a change that would abort
      // an automatic save.
      await waitAtGate('save-now');
      await body().press('End');
      await body().pressSequentially(' then more typing', { timeout: 0, delay: 40 });
      const typed = Date.now();
      expect(await status()).toBe('saving');
      await demo.openGate('save-now');

      await expect.poll(async () => (await demo.doc('save-now'))?.body, poll).toBe('Explicit save then more typing');
      await waitStatus('saved');
      const bodies = writesOf((await demo.writes('save-now')).recent, 'body');
      expect(bodies.map((w) => [w.outcome, w.trigger, w.value, w.abandoned])).toEqual([
        ['committed', 'flush', 'Explicit save', false], // answered to a page still waiting for it
        // 'maxWait' if the typing took over 4 s (a busy machine): the save then waited for the explicit one.
        ['committed', expect.stringMatching(/^(delay|maxWait)$/), 'Explicit save then more typing', false],
      ]);
      expect(bodies[0]!.at).toBeGreaterThan(typed); // it was still in flight when the typing ended
      expectCommittedInKeyOrder(bodies);
      expect(sqliteRow('save-now')).toEqual({ title: '', body: 'Explicit save then more typing' });

      // The write log on the page says so.
      const row = serverLog().getByRole('listitem').filter({ hasText: 'save now' });
      await expect.poll(() => row.textContent(), poll).toMatch(/^saved\s*body.*Explicit save.*save now$/);
    });

    test('retries: with half the writes failing, every field still lands, on its second attempt', async () => {
      allowServerError('/api/docs/flaky/fields/', 500);
      await open('flaky');
      await select('Failure rate', '0.5');
      // One change per field (fill): no pause between keys on a busy machine can split a field's save in two.
      await title().fill('Flaky');
      await body().fill('Retried until it lands.');
      await expect.poll(async () => (await demo.doc('flaky'))?.body, poll).toBe('Retried until it lands.');
      await waitStatus('saved');
      expect(sqliteRow('flaky')).toEqual({ title: 'Flaky', body: 'Retried until it lands.' });

      // The server failed every other write (the first included); each failed attempt was retried with the same key.
      const writes = await demo.writes('flaky');
      for (const [field, text] of [
        ['title', 'Flaky'],
        ['body', 'Retried until it lands.'],
      ] as const) {
        const mine = writesOf(writes.recent, field);
        expect(
          mine.map((w) => [w.outcome, w.attempt, w.value]),
          field,
        ).toEqual([
          ['failed', 1, text],
          ['committed', 2, text],
        ]);
        expect(mine[1]).toMatchObject({ key: mine[0]!.key, seq: mine[0]!.seq, trigger: mine[0]!.trigger });
      }

      // The page showed the attempts, and never an error.
      const history = parse(await recorded(page, 'autosave-status'));
      expect(history.map((h) => h.raw)).not.toContain('error');
      expect(history.map((h) => h.text)).toContain('Saving body, try 2 of 3…');
      const words = parse(await recorded(page, 'field-status-body')).map((h) => h.text);
      expect(words).toContain('retry 2/3');
      await expect.poll(() => serverLog().getByRole('heading').textContent(), poll).toMatch(/2 failed$/);
    });

    test('autosave (keepLatest): the newer edit is saved after the slow one, and the text only grows', async () => {
      await open('queue');
      await select('Mode', 'keepLatest');
      await title().pressSequentially('Queue', { timeout: 0, delay: 40 });
      await waitStatus('saved');

      await gateNext(/\/api\/docs\/queue\/fields\/body/, 'queue-first');
      await body().fill('first');
      await waitStatus('saving');
      await waitAtGate('queue-first');
      await body().press('End');
      await body().pressSequentially(' and second', { timeout: 0, delay: 40 });
      expect(await status()).toBe('saving'); // the first save goes on (no abort in keepLatest mode)
      await demo.openGate('queue-first');

      // Read the database back until the final text is there: each read may only extend the one before.
      const seen: string[] = [];
      await expect
        .poll(async () => {
          const { body: stored } = (await demo.doc('queue'))!;
          if (seen.at(-1) !== stored) seen.push(stored);
          return stored;
        }, poll)
        .toBe('first and second');
      for (let i = 1; i < seen.length; i++)
        expect(seen[i]!.startsWith(seen[i - 1]!), `${seen[i - 1]} → ${seen[i]}`).toBe(true);
      await waitStatus('saved');
      const writes = await demo.writes('queue');
      expect(writes.recent.map((w) => [w.outcome, w.field, w.value]).reverse()).toEqual([
        ['committed', 'title', 'Queue'],
        ['committed', 'body', 'first'],
        ['committed', 'body', 'first and second'],
      ]);
      expect(writes.recent.some((w) => w.abandoned)).toBe(false);
      expectCommittedInKeyOrder(writesOf(writes.recent, 'body'));
    });

    test("autosave: a reload asks first, is never locked out, and the old page load's late save is refused", async () => {
      await open('reload');
      await title().pressSequentially('Before reload', { timeout: 0, delay: 40 });
      await waitStatus('saved');
      const before = (await demo.doc('reload'))!;

      // Every body write of this page load is held at the server: its save, and a retry of it that the page
      // may send with keepalive on the way out (the reload cuts the first request off on the page's side).
      const oldBody = /\/api\/docs\/reload\/fields\/body/;
      await gateNext(oldBody, 'reload-late', { all: true });
      await body().fill('late from the old page');
      await waitStatus('saving');
      await waitAtGate('reload-late');

      // The held request stays at the server; what this page load sends from now on is not held.
      await page.unroute(oldBody);
      await page.reload();
      // A save was in flight: warnBeforeUnload made the browser ask (the test accepted).
      expect(dialogs).toEqual(['beforeunload']);
      await title().waitFor();
      await expect.poll(() => title().inputValue(), poll).toBe('Before reload');
      // D4: the body typed before the reload was kept on this device (its save has not landed), so it is shown
      // again and saved by this page load, with a key of its own.
      await expect.poll(() => body().inputValue(), poll).toBe('late from the old page');
      await waitStatus('saved');
      await body().fill('fresh after reload');
      await waitStatus('saved');
      const after = (await demo.doc('reload'))!;
      expect(after).toMatchObject({ title: 'Before reload', body: 'fresh after reload' });
      expect(after.fields.body!.key).toBeGreaterThan(before.fields.title!.key);

      // The old page load's request reaches the database only now, late.
      expect(await demo.openGate('reload-late')).toBeGreaterThanOrEqual(1);
      await expect.poll(async () => (await demo.stats()).writesInFlight, poll).toBe(0);
      const writes = writesOf((await demo.writes('reload')).recent, 'body');
      const late = writes.find((w) => w.outcome === 'refused');
      const restored = writes.find((w) => w.outcome === 'committed' && w.value === 'late from the old page');
      const fresh = writes.find((w) => w.value === 'fresh after reload')!;
      expect(late).toMatchObject({ field: 'body', value: 'late from the old page' });
      // ctx.seq started again at 1 after the reload: the late write and the restored one are both seq 1, so seq
      // cannot order them; the late write's key, issued before the reload, is the smaller one and refuses it.
      expect([late!.seq, restored!.seq]).toEqual([1, 1]);
      expect(late!.key).toBeLessThan(restored!.key);
      expect(restored!.key).toBeLessThan(fresh.key);
      expect(await demo.doc('reload')).toMatchObject({ body: 'fresh after reload' });
    });

    test('leaving the page: the browser asks while a change is unsaved, and the change is saved on the way out (keepalive)', async () => {
      // 16.1: the page's clock stands still while the text is typed and the page is left, so the 800 ms delay
      // cannot run out first on a busy machine (Playwright's clock is per context: a browser of its own).
      await ownBrowser();
      await page.clock.install();
      await open('leave');
      await page.clock.pauseAt((await page.evaluate(() => Date.now())) + 1000);
      await body().pressSequentially('Typed just before leaving', { timeout: 0, delay: 30 });
      expect(await status()).toBe('pending'); // the 800 ms delay has not passed: nothing sent yet
      await page.goto('about:blank');
      expect(dialogs).toEqual(['beforeunload']);
      await page.clock.resume();

      // flushOnHide saved it as the page went away, with a keepalive request that outlived the page.
      await expect.poll(async () => (await demo.doc('leave'))?.body, poll).toBe('Typed just before leaving');
      await expect.poll(async () => (await demo.stats()).writesInFlight, poll).toBe(0);
      const writes = await demo.writes('leave');
      expect(writes.recent.map((w) => [w.outcome, w.field, w.trigger, w.value])).toEqual([
        ['committed', 'body', 'hidden', 'Typed just before leaving'],
      ]);

      // Once everything is saved, leaving does not ask.
      await open('leave');
      expect(await body().inputValue()).toBe('Typed just before leaving');
      await body().press('ControlOrMeta+End');
      await body().pressSequentially(' Then saved.', { timeout: 0, delay: 30 });
      await waitStatus('saved');
      await page.goto('about:blank');
      expect(dialogs).toEqual(['beforeunload']);
      expect(sqliteRow('leave')).toEqual({ title: '', body: 'Typed just before leaving Then saved.' });
    });

    test('autosave: failures show only after the last attempt, cancels are shown in words, and "Save now" recovers', async () => {
      allowServerError('/api/docs/words/fields/', 500);
      await open('words');
      await select('Failure rate', '1');
      await title().fill('Oops');
      await waitStatus('error');
      expect(await badge().textContent()).toBe(
        "Couldn't save the title after 3 attempts: The server failed on purpose (failure rate)",
      );
      expect(await (await watched(page, 'field-status-title')).textContent()).toBe('not saved');
      expect(await demo.doc('words')).toBeUndefined();
      const failed = writesOf((await demo.writes('words')).recent, 'title');
      expect(failed.map((w) => [w.outcome, w.attempt])).toEqual([
        ['failed', 1],
        ['failed', 2],
        ['failed', 3],
      ]);
      expect(new Set(failed.map((w) => w.key)).size).toBe(1);
      // 'saving' all along the three attempts; 'error' only once the third failed.
      const attempts = parse(await recorded(page, 'autosave-status'));
      expect(runs(attempts.map((h) => h.raw))).toEqual(['idle', 'pending', 'saving', 'error']);
      const texts = attempts.map((h) => h.text);
      expect(texts).toContain('Try 2 of 3 failed, retrying…');
      expect(texts).toContain('Saving title, try 3 of 3…');
      expect(texts.indexOf('Saving title, try 3 of 3…')).toBeLessThan(
        texts.findIndex((t) => t.startsWith("Couldn't save")),
      );

      await select('Failure rate', '0');
      await saveNow();
      await waitStatus('saved');
      expect(await demo.doc('words')).toMatchObject({ title: 'Oops' });

      await body().pressSequentially('never mind', { timeout: 0, delay: 40 });
      await waitStatus('pending');
      await region('Autosave').getByRole('button', { name: 'Cancel' }).click();
      await waitStatus('cancelled');
      await waitShown('cancelled');
      expect(await badge().textContent()).toBe('Cancelled: your changes are not saved');
      await saveNow();
      await waitStatus('saved');
      expect(await demo.doc('words')).toMatchObject({ title: 'Oops', body: 'never mind' });
      const statuses = parse(await recorded(page, 'autosave-status')).map((h) => h.raw);
      expect(new Set(statuses)).toEqual(new Set(['idle', 'pending', 'saving', 'error', 'saved', 'cancelled']));
    });

    test("search (16.1: held at the server, not raced): the earlier prefixes answer last, and only the last query's results are shown", async () => {
      await open('search');
      await select('Debounce', '0');
      const input = page.getByLabel('Search emoji');
      // Every query waits at the server behind a gate of its own, so that the test decides the order in which
      // they answer instead of the typing speed: each key is typed once the query before it is there.
      await page.route(/\/api\/search\?/, (route) => {
        const url = new URL(route.request().url());
        url.searchParams.set('gate', `q-${url.searchParams.get('q')}`);
        return route.continue({ url: url.toString() });
      });
      const queries = ['h', 'he', 'hea', 'hear', 'heart'];
      for (const q of queries) {
        await input.press(q.at(-1)!);
        await waitAtGate(`q-${q}`);
      }
      // The last query answers first, the earlier prefixes after it, the shortest last (as slow servers do).
      const results = searchResults();
      const finished = async (q: string) => (await demo.stats()).search.recent.find((s) => s.q === q)?.finishedAt;
      for (const q of [...queries].reverse()) {
        await demo.openGate(`q-${q}`);
        await expect.poll(() => finished(q), poll).toBeGreaterThan(0);
        if (q === 'heart')
          await page.locator('[role="region"][aria-label="Search results"][data-query="heart"]').waitFor();
      }
      const searches = (await demo.stats()).search.recent;
      const at = (q: string) => searches.find((s) => s.q === q)?.finishedAt ?? NaN;
      expect(at('h')).toBeGreaterThan(at('he'));
      expect(at('he')).toBeGreaterThan(at('heart'));
      // The page had aborted each earlier request when the next key was typed.
      expect(searches.filter((s) => queries.includes(s.q) && s.q !== 'heart').map((s) => [s.q, s.clientGone])).toEqual(
        ['hear', 'hea', 'he', 'h'].map((q) => [q, true]),
      );

      // Still the last query's results, and only ever those.
      expect(await results.getAttribute('data-query')).toBe('heart');
      expect(await recorded(page, 'search-results')).toEqual(['heart']);
      const hits = await results
        .getByRole('listitem')
        .evaluateAll((els) => els.map((el) => `${el.textContent} ${el.getAttribute('title')}`));
      expect(hits.length).toBeGreaterThan(10);
      for (const hit of hits) expect(hit.toLowerCase()).toMatch(/\bheart/);
      expect(await results.locator('h3').textContent()).toMatch(/^\d+ emoji match “heart”$/);

      expect(Number(await page.getByRole('status', { name: 'requests aborted', exact: true }).textContent())).toBe(4);
      expect(Number(await page.getByRole('status', { name: 'requests sent', exact: true }).textContent())).toBe(5);
      expect(await status('search-status')).toBe('done');
      await waitShown('done', 'search-status');
      expect(await badgeNamed('Search status').textContent()).toBe('Up to date');
    });

    test('publish: an explicit save with a status badge, its result and its error', async () => {
      allowServerError('/api/docs/typing/publish', 503);
      await open('typing');
      expect(await badgeNamed('Publish status').textContent()).toBe('Not published yet');
      await page.getByRole('button', { name: 'Publish' }).click();
      await waitStatus('done', 'publish-status');
      await waitShown('done', 'publish-status');
      expect(await badgeNamed('Publish status').textContent()).toBe('Published version 1');
      expect(
        await region('Publish')
          .getByText(/^Version /)
          .textContent(),
      ).toMatch(/^Version 1 · “Field notes” · \d+ words · published at /);

      await page.getByLabel('Make the next publish fail').check();
      await page.getByRole('button', { name: 'Publish' }).click();
      await waitStatus('error', 'publish-status');
      await waitShown('error', 'publish-status');
      expect(await badgeNamed('Publish status').textContent()).toBe(
        "Couldn't publish: The publishing service is down (simulated)",
      );
      await page.getByRole('button', { name: 'Publish' }).click();
      await waitStatus('done', 'publish-status');
      await waitShown('done', 'publish-status');
      expect(await badgeNamed('Publish status').textContent()).toBe('Published version 2');
      const history = parse(await recorded(page, 'publish-status'));
      expect(runs(history.map((h) => h.raw))).toEqual([
        'idle',
        'pending',
        'running',
        'done',
        'pending',
        'running',
        'error',
        'pending',
        'running',
        'done',
      ]);
      // The calm badge skipped the instant 'pending' and showed "Publishing…" (the server takes 1.2 s).
      expect(runs(history.map((h) => h.shown))).toEqual([
        'idle',
        'running',
        'done',
        'running',
        'error',
        'running',
        'done',
      ]);
    });

    test('price list (lanes): rows edited one after another each save once, with their final value, on their own lanes', async () => {
      // The keys are paced in the page's time (Playwright's clock, a browser of its own): 40 ms between keys
      // whatever this machine's speed, so each row's 600 ms wait restarts on every key (16.1).
      await ownBrowser();
      await page.clock.install();
      await openList('prices');
      // 11.9: nothing saved in this page yet, so no "All changes saved" claim.
      expect(await lanesBadge().textContent()).toBe('No changes yet');
      expect(await page.getByRole('status', { name: 'lanes busy', exact: true }).textContent()).toBe('lanes busy: 0');
      expect(await saveAllNow().isDisabled()).toBe(true);
      const before = sqliteItems('prices');

      // Four prices typed key by key, each right after the other, and one checkbox: every edit is run(row.id, …).
      const typed = {
        espresso: ['Espresso', '2.55'],
        croissant: ['Croissant', '2.25'],
        cheesecake: ['Cheesecake', '4.95'],
        brownie: ['Brownie', '3.10'],
      } as const;
      // Espresso's write is held at the server until the other rows are edited, so that several lanes are busy
      // at once however fast this machine types (16.1).
      await gateNext(/\/api\/lists\/prices\/items\/espresso/, 'prices-espresso');
      await page.clock.pauseAt((await page.evaluate(() => Date.now())) + 1000);
      for (const [name, text] of Object.values(typed)) {
        await priceOf(name).selectText();
        for (const key of text) {
          await priceOf(name).press(key);
          await page.clock.runFor(40);
        }
      }
      await stockOf('Bagel').check();
      await page.clock.resume();
      await waitAtGate('prices-espresso');
      await demo.openGate('prices-espresso');
      await waitStatus('done', 'lanes-status');
      expect(await page.getByRole('status', { name: 'lanes busy', exact: true }).textContent()).toBe('lanes busy: 0');

      // SQLite has each final value (through the API and straight from the file); the other rows are untouched.
      const expected = { ...before };
      for (const [id, [, text]] of Object.entries(typed))
        expected[id] = [Math.round(Number(text) * 100), before[id]![1]];
      expected.bagel = [before.bagel![0], true];
      expect(sqliteItems('prices')).toEqual(expected);
      const stored = Object.fromEntries((await demo.items('prices')).map((i) => [i.id, [i.price, i.inStock]]));
      expect(stored).toEqual(expected);

      // Exactly one write per edited row, with its final value; seq counts that row's edits only (4 keys, 1 click).
      const writes = await demo.itemWrites('prices');
      expect([writes.committed, writes.refused, writes.failed]).toEqual([5, 0, 0]);
      for (const id of [...Object.keys(typed), 'bagel']) {
        const mine = rowWritesOf(writes.recent, id);
        expect(
          mine.map((w) => [w.outcome, w.attempt, w.trigger, w.abandoned, w.price, w.inStock]),
          id,
        ).toEqual([['committed', 1, 'delay', false, ...expected[id]!]]);
        expect(mine[0]!.seq, id).toBe(id === 'bagel' ? 1 : 4);
      }
      expect(new Set(writes.recent.map((w) => w.key)).size).toBe(5); // one key per run(), each row its own
      // Several lanes were busy at once (a row was still waiting or saving while the next one was typed).
      const busy = busyCounts(await recorded(page, 'lanes-busy'));
      expect(Math.max(...busy)).toBeGreaterThanOrEqual(2);
      expect(busy.at(-1)).toBe(0);

      // Each edited row went through its own lane's states once; the other rows never moved.
      for (const id of [...Object.keys(typed), 'bagel']) {
        await waitShown('idle', `row-status-${id}`);
        const history = parse(await recorded(page, `row-status-${id}`));
        expect(runs(history.map((h) => h.raw)), id).toEqual(['idle', 'pending', 'running', 'done']);
        const words = history.map((h) => h.text);
        expect(words, id).toContain('edited');
        expect(words, id).toContain('saved');
        expect(words.at(-1), id).toBe(''); // "saved" faded
      }
      for (const id of ['cappuccino', 'flat-white', 'orange-juice']) {
        expect(new Set(parse(await recorded(page, `row-status-${id}`)).map((h) => h.raw)), id).toEqual(
          new Set(['idle']),
        );
      }
      // One calm badge for the table: the lanes' aggregate status through useStatusBadge.
      await waitShown('idle', 'lanes-status');
      expect(await lanesBadge().textContent()).toBe('All changes saved');
      const history = parse(await recorded(page, 'lanes-status'));
      const raw = runs(history.map((h) => h.raw));
      expect(raw.slice(0, 2)).toEqual(['idle', 'pending']);
      expect(raw).toContain('running');
      expect(raw.at(-1)).toBe('done');
      expect(raw).not.toContain('error');
      expect(runs(history.map((h) => h.shown)).slice(-2)).toEqual(['done', 'idle']);
      const texts = history.map((h) => h.text);
      expect(texts).toContain('Changes pending');
      expect(texts).toContain('Saved');
      await expect
        .poll(() => rowWrites().textContent(), poll)
        .toBe('Server: 5 committed · 0 refused as stale · 0 failed');
    });

    test("price list (lanes): a row's save is never aborted or delayed by edits in other rows, and rows save at the same time", async () => {
      // Playwright's clock (a browser of its own) paces Espresso's keys in the page's time (16.1).
      await ownBrowser();
      await page.clock.install();
      await openList('apart');
      // Croissant's write leaves for the server and is held there (a gate) until the other rows are done…
      await gateNext(/\/api\/lists\/apart\/items\/croissant/, 'apart-croissant');
      await retype('Croissant', '2.45');
      await waitAtGate('apart-croissant');
      await waitStatus('running', 'row-status-croissant');

      // …while Brownie is edited and saved, and then Espresso is typed slowly: a key every 200 ms of the page's
      // time (its clock stands still between keys, whatever this machine's speed), 600 ms after the last.
      await retype('Brownie', '2.95');
      await waitStatus('done', 'row-status-brownie');
      await page.clock.pauseAt((await page.evaluate(() => Date.now())) + 1000);
      await priceOf('Espresso').selectText();
      for (const key of '1234.5') {
        await priceOf('Espresso').press(key);
        await page.clock.runFor(200);
      }
      const espressoTyped = Date.now();
      expect(await status('row-status-espresso')).toBe('pending');
      await page.clock.runFor(400); // 600 ms after the last key: the lane's wait runs out, its save starts
      await page.clock.resume();
      await waitStatus('done', 'row-status-espresso');
      expect(await status('row-status-croissant')).toBe('running');
      expect(await demo.openGate('apart-croissant')).toBe(1);
      await waitStatus('done', 'lanes-status');

      const writes = await demo.itemWrites('apart');
      expect([writes.committed, writes.refused, writes.failed]).toEqual([3, 0, 0]);
      const [croissant, brownie, espresso] = ['croissant', 'brownie', 'espresso'].map((id) => {
        const mine = rowWritesOf(writes.recent, id);
        expect(
          mine.map((w) => [w.outcome, w.attempt, w.abandoned]),
          id,
        ).toEqual([['committed', 1, false]]);
        return mine[0]!;
      });
      expect([croissant!.price, brownie!.price, espresso!.price]).toEqual([245, 295, 123450]);
      // Never aborted: Croissant's one request was answered to a page still waiting for it, and its lane went
      // straight from running to done while the other rows were edited and saved.
      expect(runs(parse(await recorded(page, 'row-status-croissant')).map((h) => h.raw))).toEqual([
        'idle',
        'pending',
        'running',
        'done',
      ]);
      // At the same time: Brownie's and Espresso's writes reached the server while Croissant's was in flight, and
      // settled first.
      expect(brownie!.receivedAt).toBeGreaterThan(croissant!.receivedAt);
      expect(brownie!.at).toBeLessThan(croissant!.at);
      expect(espresso!.at).toBeLessThan(croissant!.at);
      // Never delayed: Brownie left on its own 600 ms wait (trigger 'delay'); Espresso's lane restarted its wait
      // on every key, and saved once, after the last.
      expect(brownie!.trigger).toBe('delay');
      expect(brownie!.receivedAt).toBeLessThan(espressoTyped);
      expect(espresso!.receivedAt).toBeGreaterThan(espressoTyped);
      expect(espresso!.seq).toBe(6);
      // Two lanes busy at once (Croissant's and the row being edited), then none.
      expect(Math.max(...busyCounts(await recorded(page, 'lanes-busy')))).toBe(2);
      expect(sqliteItems('apart')).toMatchObject({
        croissant: [245, true],
        brownie: [295, false],
        espresso: [123450, true],
      });
    });

    test('price list (lanes): a slow write of a row overtaken by a newer one is refused (409) and never overwrites it', async () => {
      await openList('stale-rows');
      await gateNext(/\/api\/lists\/stale-rows\/items\/cappuccino/, 'stale-cappuccino');
      await retype('Cappuccino', '3.30');
      await waitAtGate('stale-cappuccino');

      // A newer price for the same row: its lane aborts the request in flight (restart) and saves the newer one.
      await retype('Cappuccino', '3.45');
      await waitStatus('done', 'lanes-status');
      expect(sqliteItems('stale-rows').cappuccino).toEqual([345, true]);

      // The aborted request still reaches the database, last, and is refused: the newer price stays.
      expect(await demo.openGate('stale-cappuccino')).toBe(1);
      await expect.poll(async () => (await demo.stats()).rowWritesInFlight, poll).toBe(0);
      const mine = rowWritesOf((await demo.itemWrites('stale-rows')).recent, 'cappuccino');
      expect(mine.map((w) => [w.outcome, w.price, w.seq, w.abandoned])).toEqual([
        ['committed', 345, 8, false],
        ['refused', 330, 4, true],
      ]);
      expect(mine[1]!.key).toBeLessThan(mine[0]!.key);
      expect(sqliteItems('stale-rows').cappuccino).toEqual([345, true]);
      expect((await demo.items('stale-rows')).find((i) => i.id === 'cappuccino')).toMatchObject({
        price: 345,
        key: mine[0]!.key,
      });
      expect(await (await rowWord('cappuccino')).getAttribute('data-status')).toBe('done');
      await expect.poll(() => rowWrites().textContent(), poll).toMatch(/1 refused as stale/);
    });

    test('price list (lanes): with half the writes failing every row lands on its second attempt; at 100 % a row fails after the third', async () => {
      allowServerError('/api/lists/flaky-rows/items/', 500);
      await openList('flaky-rows');
      await select('Row failure rate', '0.5');
      // One change per row (fill): no pause between keys on a busy machine can split a row's save in two.
      await priceOf('Flat white').fill('3.75');
      await priceOf('Orange juice').fill('3.95');
      await stockOf('Cheesecake').uncheck();
      await waitStatus('done', 'lanes-status');
      expect(sqliteItems('flaky-rows')).toMatchObject({
        'flat-white': [375, true],
        'orange-juice': [395, true],
        cheesecake: [450, false],
      });

      // The server failed each row's first write; its lane tried again 300 ms later, with the same key.
      const writes = await demo.itemWrites('flaky-rows');
      for (const id of ['flat-white', 'orange-juice', 'cheesecake']) {
        const mine = rowWritesOf(writes.recent, id);
        expect(
          mine.map((w) => [w.outcome, w.attempt]),
          id,
        ).toEqual([
          ['failed', 1],
          ['committed', 2],
        ]);
        expect(mine[1], id).toMatchObject({
          key: mine[0]!.key,
          seq: mine[0]!.seq,
          price: mine[0]!.price,
          trigger: 'delay',
        });
        expect(mine[1]!.receivedAt - mine[0]!.at, id).toBeGreaterThanOrEqual(250);
        const words = parse(await recorded(page, `row-status-${id}`)).map((h) => h.text);
        expect(words, id).toContain('retry 2/3');
        expect(words, id).not.toContain('not saved');
      }
      const history = parse(await recorded(page, 'lanes-status'));
      expect(history.map((h) => h.raw)).not.toContain('error');
      expect(
        history.map((h) => h.text).some((t) => /^Saving (Flat white|Orange juice|Cheesecake), try 2 of 3…$/.test(t)),
      ).toBe(true);

      // Every write of Brownie fails: 'running' through three attempts, then the row and the table say so.
      await select('Row failure rate', '1');
      await priceOf('Brownie').fill('2.80');
      await waitStatus('error', 'lanes-status');
      expect(await lanesBadge().textContent()).toBe(
        "Couldn't save Brownie after 3 attempts: The server failed on purpose (failure rate)",
      );
      expect(await (await rowWord('brownie')).textContent()).toBe('not saved');
      expect(runs(parse(await recorded(page, 'row-status-brownie')).map((h) => h.raw))).toEqual([
        'idle',
        'pending',
        'running',
        'error',
      ]);
      const brownie = rowWritesOf((await demo.itemWrites('flaky-rows')).recent, 'brownie');
      expect(brownie.map((w) => [w.outcome, w.attempt, w.price])).toEqual([
        ['failed', 1, 280],
        ['failed', 2, 280],
        ['failed', 3, 280],
      ]);
      expect(new Set(brownie.map((w) => w.key)).size).toBe(1);
      expect(sqliteItems('flaky-rows').brownie).toEqual([270, false]);

      // An edit runs the row's lane again: the error is gone with it.
      await select('Row failure rate', '0');
      await priceOf('Brownie').fill('2.85');
      await waitStatus('done', 'lanes-status');
      expect(sqliteItems('flaky-rows').brownie).toEqual([285, false]);
      await waitShown('done', 'lanes-status');
      expect(await lanesBadge().textContent()).toBe('Saved');
    });

    test('price list (lanes): "Save all now" flushes every waiting row at once; a price that is not one is not saved', async () => {
      // 16.1: two edits, then the button, inside the rows' 600 ms wait whatever the machine's speed: the page's
      // clock stands still until the click (Playwright's clock is per context: a browser of its own).
      await ownBrowser();
      await page.clock.install();
      await openList('flush-rows');
      await page.clock.pauseAt((await page.evaluate(() => Date.now())) + 1000);
      await retype('Espresso', '3');
      await retype('Bagel', '4');
      expect([await status('row-status-espresso'), await status('row-status-bagel')]).toEqual(['pending', 'pending']);
      await saveAllNow().click();
      await page.clock.resume();
      await waitStatus('done', 'lanes-status');
      const writes = await demo.itemWrites('flush-rows');
      expect(writes.recent.map((w) => [w.item, w.outcome, w.trigger, w.price]).sort()).toEqual([
        ['bagel', 'committed', 'flush', 400],
        ['espresso', 'committed', 'flush', 300],
      ]);
      expect(await saveAllNow().isDisabled()).toBe(true);

      // A row being retyped through "" cancels that row's waiting save (and only that one).
      // No page time passes between the two edits (the clock stands still), so "9" is never saved.
      await page.clock.pauseAt((await page.evaluate(() => Date.now())) + 1000);
      await retype('Cappuccino', '9');
      await priceOf('Cappuccino').fill('');
      await page.clock.resume();
      await waitStatus('cancelled', 'row-status-cappuccino');
      expect(await (await rowWord('cappuccino')).textContent()).toBe('not a price');
      await waitShown('cancelled', 'lanes-status');
      expect(await lanesBadge().textContent()).toBe('Not saved: Cappuccino needs a price');
      await priceOf('Cappuccino').pressSequentially('3.25', { timeout: 0, delay: 40 });
      await waitStatus('done', 'lanes-status');
      const cappuccino = rowWritesOf((await demo.itemWrites('flush-rows')).recent, 'cappuccino');
      expect(cappuccino.map((w) => [w.outcome, w.price])).toEqual([['committed', 325]]);
      expect(sqliteItems('flush-rows')).toMatchObject({
        espresso: [300, true],
        bagel: [400, false],
        cappuccino: [325, true],
      });
    });

    test('14.1 a save whose answer is lost after the commit is retried with the same key, answered 200, and the page ends "Saved"', async () => {
      await open('lost-answer');
      // The first attempt reaches the server and is committed; its answer is dropped on the way back.
      let attempts = 0;
      await page.route(/\/api\/docs\/lost-answer\/fields\/body/, async (route) => {
        if (++attempts > 1) return route.fallback();
        await route.fetch();
        await route.abort('connectionreset');
      });
      watch.allow((m) => m.location().url.includes('/api/docs/lost-answer/fields/body'));
      const text = 'Stored, although the first answer was lost';
      await body().fill(text);
      await waitStatus('saved');
      await waitShown('saved');
      expect(await badge().textContent()).toBe('Saved');
      expect(sqliteRow('lost-answer')).toEqual({ title: '', body: text });
      const bodies = writesOf((await demo.writes('lost-answer')).recent, 'body');
      expect(bodies.map((w) => [w.outcome, w.attempt, w.value])).toEqual([
        ['committed', 1, text],
        // O2: a lost answer is a network error, so the field's draft sends the same save again once the network
        // answers (1 s later): attempt 1 again, the retry option's attempts are not spent on it.
        ['repeated', 1, text],
      ]);
      expect(bodies[1]!.key).toBe(bodies[0]!.key);
      expect(parse(await recorded(page, 'autosave-status')).map((h) => h.raw)).not.toContain('error');
    });

    test('14.6 the built page runs under its Content-Security-Policy, with no violation; an inline script is blocked', async () => {
      await page.addInitScript(() => {
        const seen: string[] = [];
        (window as unknown as { __csp: string[] }).__csp = seen;
        document.addEventListener('securitypolicyviolation', (e) =>
          seen.push(`${e.effectiveDirective} ${e.blockedURI}`),
        );
      });
      const response = await page.goto(`${server.url}/?doc=csp`);
      expect(response!.headers()['content-security-policy']).toMatch(/script-src 'self'/);
      expect(response!.headers()['x-content-type-options']).toBe('nosniff');
      await title().waitFor();
      // Every card works: an autosave, a search, a row of the price list.
      await title().fill('Under a policy');
      await waitStatus('saved');
      await select('Debounce', '0');
      await page.getByLabel('Search emoji').fill('rocket');
      await page.locator('[role="region"][aria-label="Search results"][data-query="rocket"]').waitFor();
      await retype('Espresso', '2.50');
      await waitStatus('done', 'lanes-status');
      const csp = () => page.evaluate(() => (window as unknown as { __csp: string[] }).__csp);
      expect(await csp()).toEqual([]);
      // The policy is in force: an inline script is refused (and reported).
      watch.allow((m) => m.text().includes('Content Security Policy'));
      expect(
        await page.evaluate(() => {
          const script = document.createElement('script');
          script.textContent = '(window).__inline = true';
          document.head.append(script);
          return (window as unknown as { __inline?: boolean }).__inline ?? false;
        }),
      ).toBe(false);
      await expect.poll(csp, poll).toEqual([expect.stringMatching(/^script-src-elem inline$/)]);
    });

    test('11.9 the autosave badge and "Last saved" agree: nothing claimed before a save, both say saved after it', async () => {
      await open('words-agree');
      expect(await badge().textContent()).toBe('No changes yet');
      expect(await lastSaved().textContent()).toBe('Not saved yet');
      await title().fill('Agreed');
      await waitStatus('saved');
      await waitShown('idle');
      expect(await badge().textContent()).toBe('All changes saved');
      expect(await lastSaved().textContent()).toMatch(/^Last saved /);
      // A later page load has saved nothing yet, and the stored version's time is shown.
      await page.reload();
      await title().waitFor();
      expect(await badge().textContent()).toBe('No changes yet');
      expect(await lastSaved().textContent()).toMatch(/^Last saved /);
      // Never both at once: no recorded moment said "All changes saved" before the first save.
      const texts = parse(await recorded(page, 'autosave-status')).map((h) => h.text);
      expect(texts).not.toContain('All changes saved');
    });

    test('11.9 the price list counts the rows that say "saving": two rows saving read "Saving 2 rows…"', async () => {
      await openList('two-rows');
      // Both rows' writes are held at the server until the table has been read.
      await gateNext(/\/api\/lists\/two-rows\/items\/espresso/, 'two-rows');
      await gateNext(/\/api\/lists\/two-rows\/items\/bagel/, 'two-rows');
      await retype('Espresso', '3');
      await retype('Bagel', '4');
      await waitAtGate('two-rows', 2);
      await (await rowWord('espresso')).filter({ hasText: 'saving' }).waitFor();
      await (await rowWord('bagel')).filter({ hasText: 'saving' }).waitFor();
      await lanesBadge().filter({ hasText: 'Saving 2 rows…' }).waitFor();
      expect(await demo.openGate('two-rows')).toBe(2);
      await waitStatus('done', 'lanes-status');
      // At every recorded moment, "Saving N rows…" named as many rows as there were rows saying "saving".
      const moments = await recorded(page, 'lanes-saving');
      expect(moments).toContain('Saving 2 rows…#2');
      for (const moment of moments) {
        const [text, count] = moment.split('#');
        const n = /^Saving (\d+) rows?…$/.exec(text!)?.[1];
        if (n !== undefined) expect(Number(n), moment).toBe(Number(count));
      }
    });

    // Saved under reports/ on every run; `DEMO_SCREENSHOT=examples/screenshot.png npm run test:e2e` refreshes the
    // docs/demo.md's copy. The moment: a "Save now" committed, then a write failed and its retry is on the way; in the
    // price list, two rows' first writes failed and their retries are on the way, each on its own lane.
    test('screenshot of the whole page', async () => {
      allowServerError('/api/docs/typing/fields/', 500);
      allowServerError('/api/lists/typing/items/', 500);
      await open('typing');
      expect(await title().inputValue()).toBe('Field notes');
      await select('Debounce', '0');
      await page.getByLabel('Search emoji').pressSequentially('cat face', { timeout: 0, delay: 60 });
      await page.locator('[role="region"][aria-label="Search results"][data-query="cat face"]').waitFor();
      await page.getByRole('button', { name: 'Publish' }).click();
      await waitStatus('done', 'publish-status');

      await title().press('End');
      await title().pressSequentially(', day 2', { timeout: 0, delay: 40 });
      await saveNow();
      await waitStatus('saved');
      // Two rows edited just before the body, on a slow, flaky server: 4 s per write, every other one failing.
      // The retries (each path's second request) are held at the server until the screenshot is taken (16.1).
      await gateNext(/\/api\/(docs\/typing\/fields\/body|lists\/typing\/items\/(croissant|bagel))\b/, 'shot', {
        all: true,
        after: 1,
      });
      await select('Row latency', '4000');
      await select('Row failure rate', '0.5');
      await retype('Croissant', '2.35');
      await stockOf('Bagel').check();
      await select('Server latency', '4000');
      await select('Failure rate', '0.5');
      await body().press('ControlOrMeta+End');
      await body().pressSequentially(' Saved as you type.', { timeout: 0, delay: 40 });
      // The first attempts failed (500) and the second ones are in flight (held at the server).
      await page.getByText('Saving body, try 2 of 3…').waitFor();
      await serverLog().locator('li[title^="failed at"]').first().waitFor();
      await waitShown('idle', 'field-status-title');
      for (const id of ['croissant', 'bagel']) await (await rowWord(id)).filter({ hasText: 'retry 2/3' }).waitFor();
      await expect.poll(() => rowWrites().textContent(), poll).toMatch(/2 failed$/);
      const path = process.env.DEMO_SCREENSHOT ?? join(examples, '..', 'reports', 'e2e', 'demo.png');
      await page.screenshot({ path, fullPage: true });
      expect(statSync(path).size).toBeGreaterThan(10_000);
      await demo.openGate('shot');
      await waitStatus('saved');
      expect(sqliteRow('typing')).toMatchObject({ title: 'Field notes, day 2' });
      await waitStatus('done', 'lanes-status');
      expect(sqliteItems('typing')).toMatchObject({ croissant: [235, true], bagel: [290, true] });
    });
  },
);

/** The committed writes, in the order the server committed them, have rising keys. */
function expectCommittedInKeyOrder(inOrder: { outcome: string; key: number }[]) {
  const keys = inOrder.filter((w) => w.outcome === 'committed').map((w) => w.key);
  for (let i = 1; i < keys.length; i++)
    expect(keys[i]!, `${keys[i - 1]} then ${keys[i]}`).toBeGreaterThan(keys[i - 1]!);
}
