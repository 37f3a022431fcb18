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

const poll = { timeout: 20_000, interval: 100 };

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

describe.skipIf(!hasChromium)(`demo page in Chromium${hasChromium ? '' : ' (skipped: apt-get install -y chromium)'}`, () => {
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
  beforeEach(async () => {
    page = await browser.context.newPage();
    page.setDefaultTimeout(poll.timeout);
    watch = watchErrors(page);
    dialogs = [];
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.type());
      void dialog.accept();
    });
    await page.addInitScript(recorderScript);
  });
  afterEach(async () => {
    await page.close();
    expect(watch.errors, 'page errors and console errors').toEqual([]);
  });

  /** Opens the page on its own document and waits until the stored one is loaded. */
  const open = async (doc: string) => {
    await page.goto(`${server.url}/?doc=${doc}`);
    await page.getByLabel('Title', { exact: true }).waitFor();
  };
  const badge = () => page.getByTestId('autosave-status');
  const status = (testId = 'autosave-status') => page.getByTestId(testId).getAttribute('data-status');
  /** Waits for a raw status (what the hooks report). */
  const waitStatus = (value: string, testId = 'autosave-status', timeout = poll.timeout) =>
    page.locator(`[data-testid="${testId}"][data-status="${value}"]`).waitFor({ timeout });
  /** Waits for the status the calm badge shows (useStatusBadge). */
  const waitShown = (value: string, testId = 'autosave-status', timeout = poll.timeout) =>
    page.locator(`[data-testid="${testId}"][data-shown="${value}"]`).waitFor({ state: 'attached', timeout });
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
    await priceOf(item).pressSequentially(text, { delay });
  };
  const openList = async (doc: string) => {
    await open(doc);
    await priceOf('Espresso').waitFor();
  };
  const lanesBadge = () => page.getByTestId('lanes-status');
  const rowWord = (id: string) => page.getByTestId(`row-status-${id}`);
  const saveAllNow = () => page.getByRole('button', { name: 'Save all now' });
  const sqliteItems = (list: string) => {
    const Database = createRequire(join(examples, 'package.json'))('better-sqlite3');
    const db = new Database(join(server.dataDir, 'demo.sqlite'), { readonly: true });
    try {
      return Object.fromEntries(
        db
          .prepare('SELECT item_id AS id, price, in_stock AS inStock FROM list_items WHERE list_id = ? ORDER BY position')
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
      const fields = db.prepare('SELECT field, value FROM doc_fields WHERE doc_id = ?').all(doc) as { field: string; value: string }[];
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
    expect(await page.getByTestId('last-saved').textContent()).toBe('Not saved yet');

    const titleText = 'Field notes';
    const bodyText =
      'Only the last task counts. Each keystroke restarts the wait, a save in flight is aborted by the next change, ' +
      'and the server refuses any write older than the one it has.';
    const started = Date.now();
    await title().pressSequentially(titleText, { delay: 50 });
    await body().pressSequentially(bodyText, { delay: 60 });
    const typed = Date.now();
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
    // Lanes never cancel each other: the title was saved while the body was still being typed.
    expect(titles[0]!.at).toBeLessThan(typed);
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
    expect(titles.length).toBeLessThanOrEqual(2);
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
    await expect.poll(() => page.getByTestId('last-saved').textContent(), poll).toMatch(/^Last saved [1-9]\d* s ago$/);
  });

  test('calm badge: a fast save never flashes "Saving…", and "Saved" fades', async () => {
    await open('calm');
    await select('Server latency', '0');
    await title().pressSequentially('Calm', { delay: 40 });
    await waitStatus('saved');
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
    await title().pressSequentially('Race', { delay: 40 });
    await waitStatus('saved');
    expect(await demo.doc('race')).toMatchObject({ title: 'Race', body: '' });

    // A slow save leaves for the server…
    await select('Server latency', '4000');
    await body().pressSequentially('slow version', { delay: 40 });
    await waitStatus('saving');
    await expect.poll(async () => (await demo.stats()).writesInFlight, poll).toBe(1);
    expect(await demo.doc('race')).toMatchObject({ body: '' });

    // …and a newer edit overtakes it: the page aborts the slow request, but the server still holds it.
    await select('Server latency', '0');
    await body().pressSequentially(' then fast', { delay: 40 });
    await saveNow();
    await waitStatus('saved');
    expect(await demo.doc('race')).toMatchObject({ title: 'Race', body: 'slow version then fast' });

    // The slow request lands last and is refused (409): the database keeps the newer text.
    await expect.poll(async () => (await demo.stats()).writesInFlight, poll).toBe(0);
    const writes = await demo.writes('race');
    expect(writes.refused).toBe(1);
    const slow = writes.recent.find((w) => w.outcome === 'refused');
    expect(slow).toMatchObject({ field: 'body', value: 'slow version', abandoned: true });
    expect(await demo.doc('race')).toMatchObject({ title: 'Race', body: 'slow version then fast' });
    expect(sqliteRow('race')).toEqual({ title: 'Race', body: 'slow version then fast' });
    expectCommittedInKeyOrder(writesOf(writes.recent, 'body'));
    expect(await status()).toBe('saved');
    const log = page.getByTestId('server-log');
    await expect.poll(() => log.locator('h3').textContent(), poll).toMatch(/1 refused as stale/);
    expect(await log.getByTestId('write').filter({ hasText: '409' }).textContent()).toMatch(/body.*aborted/);
  });

  test('"Save now" while typing: the explicit save is not aborted by the next keystrokes, and the final text lands', async () => {
    await open('save-now');
    await select('Server latency', '2000');
    await body().pressSequentially('Explicit save', { delay: 40 });
    await saveNow();
    // Typing on while that save is in flight (2 s): each keystroke is a change that would abort an automatic save.
    await expect.poll(async () => (await demo.stats()).writesInFlight, poll).toBe(1);
    await body().pressSequentially(' then more typing', { delay: 40 });
    const typed = Date.now();
    expect(await status()).toBe('saving');

    await expect.poll(async () => (await demo.doc('save-now'))?.body, poll).toBe('Explicit save then more typing');
    await waitStatus('saved');
    const bodies = writesOf((await demo.writes('save-now')).recent, 'body');
    expect(bodies.map((w) => [w.outcome, w.trigger, w.value, w.abandoned])).toEqual([
      ['committed', 'flush', 'Explicit save', false], // answered to a page still waiting for it
      ['committed', 'delay', 'Explicit save then more typing', false],
    ]);
    expect(bodies[0]!.at).toBeGreaterThan(typed); // it was still in flight when the typing ended
    expectCommittedInKeyOrder(bodies);
    expect(sqliteRow('save-now')).toEqual({ title: '', body: 'Explicit save then more typing' });

    // The write log on the page says so.
    const row = page.getByTestId('server-log').getByTestId('write').filter({ hasText: 'save now' });
    await expect.poll(() => row.textContent(), poll).toMatch(/^saved\s*body.*Explicit save.*save now$/);
  });

  test('retries: with half the writes failing, every field still lands, on its second attempt', async () => {
    allowServerError('/api/docs/flaky/fields/', 500);
    await open('flaky');
    await select('Failure rate', '0.5');
    await title().pressSequentially('Flaky', { delay: 40 });
    await body().pressSequentially('Retried until it lands.', { delay: 40 });
    await expect.poll(async () => (await demo.doc('flaky'))?.body, poll).toBe('Retried until it lands.');
    await waitStatus('saved');
    expect(sqliteRow('flaky')).toEqual({ title: 'Flaky', body: 'Retried until it lands.' });

    // The server failed every other write (the first included); each failed attempt was retried with the same key.
    const writes = await demo.writes('flaky');
    for (const [field, text] of [['title', 'Flaky'], ['body', 'Retried until it lands.']] as const) {
      const mine = writesOf(writes.recent, field);
      expect(mine.map((w) => [w.outcome, w.attempt, w.value]), field).toEqual([
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
    await expect.poll(() => page.getByTestId('server-log').locator('h3').textContent(), poll).toMatch(/2 failed$/);
  });

  test('autosave (keepLatest): the newer edit is saved after the slow one, and the text only grows', async () => {
    await open('queue');
    await select('Mode', 'keepLatest');
    await title().pressSequentially('Queue', { delay: 40 });
    await waitStatus('saved');

    await select('Server latency', '2000');
    await body().pressSequentially('first', { delay: 40 });
    await waitStatus('saving');
    await expect.poll(async () => (await demo.stats()).writesInFlight, poll).toBe(1);
    await body().pressSequentially(' and second', { delay: 40 });
    expect(await status()).toBe('saving'); // the first save goes on (no abort in keepLatest mode)

    // Read the database back until the final text is there: each read may only extend the one before.
    const seen: string[] = [];
    await expect
      .poll(async () => {
        const { body: stored } = (await demo.doc('queue'))!;
        if (seen.at(-1) !== stored) seen.push(stored);
        return stored;
      }, poll)
      .toBe('first and second');
    for (let i = 1; i < seen.length; i++) expect(seen[i]!.startsWith(seen[i - 1]!), `${seen[i - 1]} → ${seen[i]}`).toBe(true);
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

  test('autosave: a reload asks first, is never locked out, and the old page load\'s late save is refused', async () => {
    await open('reload');
    await title().pressSequentially('Before reload', { delay: 40 });
    await waitStatus('saved');
    const before = (await demo.doc('reload'))!;

    await select('Server latency', '4000');
    await body().pressSequentially('late from the old page', { delay: 40 });
    await waitStatus('saving');
    await expect.poll(async () => (await demo.stats()).writesInFlight, poll).toBe(1);

    await page.reload();
    // A save was in flight: warnBeforeUnload made the browser ask (the test accepted).
    expect(dialogs).toEqual(['beforeunload']);
    await title().waitFor();
    // The stored document was loaded (the slow save has not landed yet).
    await expect.poll(() => title().inputValue(), poll).toBe('Before reload');
    expect(await body().inputValue()).toBe('');
    await body().pressSequentially('fresh after reload', { delay: 40 });
    await waitStatus('saved');
    const after = (await demo.doc('reload'))!;
    expect(after).toMatchObject({ title: 'Before reload', body: 'fresh after reload' });
    expect(after.fields.body!.key).toBeGreaterThan(before.fields.title!.key);

    await expect.poll(async () => (await demo.stats()).writesInFlight, poll).toBe(0);
    const writes = await demo.writes('reload');
    const late = writes.recent.find((w) => w.outcome === 'refused');
    expect(late).toMatchObject({ field: 'body', value: 'late from the old page' });
    // ctx.seq started again at 1 after the reload, so the late write has the higher seq: seq alone would
    // have let it overwrite the newer text; its key (issued before the reload) refuses it.
    const fresh = writesOf(writes.recent, 'body').find((w) => w.outcome === 'committed')!;
    expect(late!.seq).toBeGreaterThan(fresh.seq!);
    expect(late!.key).toBeLessThan(after.fields.body!.key);
    expect(await demo.doc('reload')).toMatchObject({ body: 'fresh after reload' });
  });

  test('leaving the page: the browser asks while a change is unsaved, and the change is saved on the way out (keepalive)', async () => {
    await open('leave');
    await body().pressSequentially('Typed just before leaving', { delay: 30 });
    expect(await status()).toBe('pending'); // the 800 ms delay has not passed: nothing sent yet
    await page.goto('about:blank');
    expect(dialogs).toEqual(['beforeunload']);

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
    await body().pressSequentially(' Then saved.', { delay: 30 });
    await waitStatus('saved');
    await page.goto('about:blank');
    expect(dialogs).toEqual(['beforeunload']);
    expect(sqliteRow('leave')).toEqual({ title: '', body: 'Typed just before leaving Then saved.' });
  });

  test('autosave: failures show only after the last attempt, cancels are shown in words, and "Save now" recovers', async () => {
    allowServerError('/api/docs/words/fields/', 500);
    await open('words');
    await select('Failure rate', '1');
    await title().pressSequentially('Oops', { delay: 40 });
    await waitStatus('error');
    expect(await badge().textContent()).toBe("Couldn't save the title after 3 attempts: The server failed on purpose (failure rate)");
    expect(await page.getByTestId('field-status-title').textContent()).toBe('not saved');
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
    expect(texts.indexOf('Saving title, try 3 of 3…')).toBeLessThan(texts.findIndex((t) => t.startsWith("Couldn't save")));

    await select('Failure rate', '0');
    await saveNow();
    await waitStatus('saved');
    expect(await demo.doc('words')).toMatchObject({ title: 'Oops' });

    await body().pressSequentially('never mind', { delay: 40 });
    await waitStatus('pending');
    await page.getByTestId('autosave-demo').getByRole('button', { name: 'Cancel' }).click();
    await waitStatus('cancelled');
    await waitShown('cancelled');
    expect(await badge().textContent()).toBe('Cancelled: your changes are not saved');
    await saveNow();
    await waitStatus('saved');
    expect(await demo.doc('words')).toMatchObject({ title: 'Oops', body: 'never mind' });
    const statuses = parse(await recorded(page, 'autosave-status')).map((h) => h.raw);
    expect(new Set(statuses)).toEqual(new Set(['idle', 'pending', 'saving', 'error', 'saved', 'cancelled']));
  });

  test('search: the earlier prefixes answer last, and only the last query\'s results are shown', async () => {
    await open('search');
    await select('Debounce', '0');
    const input = page.getByLabel('Search emoji');
    await input.pressSequentially('heart', { delay: 70 });
    const results = page.getByTestId('search-results');
    await page.locator('[data-testid="search-results"][data-query="heart"]').waitFor({ timeout: poll.timeout });

    // Wait until the server has answered every query, the slow short ones included.
    await expect.poll(async () => (await demo.stats()).search.inFlight, poll).toBe(0);
    const searches = (await demo.stats()).search.recent;
    const finished = (q: string) => searches.find((s) => s.q === q)?.finishedAt ?? NaN;
    expect(finished('h')).toBeGreaterThan(finished('he'));
    expect(finished('he')).toBeGreaterThan(finished('heart'));
    expect(searches.filter((s) => s.q !== 'heart').every((s) => s.clientGone)).toBe(true);

    // Still the last query's results, and only ever those.
    expect(await results.getAttribute('data-query')).toBe('heart');
    expect(await recorded(page, 'search-results')).toEqual(['heart']);
    const hits = await page.getByTestId('hit').evaluateAll((els) => els.map((el) => `${el.textContent} ${el.getAttribute('title')}`));
    expect(hits.length).toBeGreaterThan(10);
    for (const hit of hits) expect(hit.toLowerCase()).toMatch(/\bheart/);
    expect(await results.locator('h3').textContent()).toMatch(/^\d+ emoji match “heart”$/);

    const aborted = Number(await page.getByTestId('aborted-count').textContent());
    expect(aborted).toBeGreaterThan(0);
    expect(aborted).toBeLessThanOrEqual(4);
    expect(Number(await page.getByTestId('sent-count').textContent())).toBe(5);
    expect(await status('search-status')).toBe('done');
    await waitShown('done', 'search-status');
    expect(await page.getByTestId('search-status').textContent()).toBe('Up to date');
  });

  test('publish: an explicit save with a status badge, its result and its error', async () => {
    allowServerError('/api/docs/typing/publish', 503);
    await open('typing');
    expect(await page.getByTestId('publish-status').textContent()).toBe('Not published yet');
    await page.getByRole('button', { name: 'Publish' }).click();
    await waitStatus('done', 'publish-status');
    await waitShown('done', 'publish-status');
    expect(await page.getByTestId('publish-status').textContent()).toBe('Published version 1');
    expect(await page.getByTestId('published').textContent()).toMatch(/^Version 1 · “Field notes” · \d+ words · published at /);

    await page.getByLabel('Make the next publish fail').check();
    await page.getByRole('button', { name: 'Publish' }).click();
    await waitStatus('error', 'publish-status');
    await waitShown('error', 'publish-status');
    expect(await page.getByTestId('publish-status').textContent()).toBe(
      "Couldn't publish: The publishing service is down (simulated)",
    );
    await page.getByRole('button', { name: 'Publish' }).click();
    await waitStatus('done', 'publish-status');
    await waitShown('done', 'publish-status');
    expect(await page.getByTestId('publish-status').textContent()).toBe('Published version 2');
    const history = parse(await recorded(page, 'publish-status'));
    expect(runs(history.map((h) => h.raw))).toEqual(['idle', 'pending', 'running', 'done', 'pending', 'running', 'error', 'pending', 'running', 'done']);
    // The calm badge skipped the instant 'pending' and showed "Publishing…" (the server takes 1.2 s).
    expect(runs(history.map((h) => h.shown))).toEqual(['idle', 'running', 'done', 'running', 'error', 'running', 'done']);
  });

  test('price list (lanes): rows edited one after another each save once, with their final value, on their own lanes', async () => {
    await openList('prices');
    // 11.9: nothing saved in this page yet, so no "All changes saved" claim.
    expect(await lanesBadge().textContent()).toBe('No changes yet');
    expect(await page.getByTestId('lanes-busy').textContent()).toBe('lanes busy: 0');
    expect(await saveAllNow().isDisabled()).toBe(true);
    const before = sqliteItems('prices');

    // Four prices typed key by key, each right after the other, and one checkbox: every edit is run(row.id, …).
    const typed = { espresso: ['Espresso', '2.55'], croissant: ['Croissant', '2.25'], cheesecake: ['Cheesecake', '4.95'], brownie: ['Brownie', '3.10'] } as const;
    for (const [name, text] of Object.values(typed)) await retype(name, text);
    await stockOf('Bagel').check();
    await waitStatus('done', 'lanes-status');
    expect(await page.getByTestId('lanes-busy').textContent()).toBe('lanes busy: 0');

    // SQLite has each final value (through the API and straight from the file); the other rows are untouched.
    const expected = { ...before };
    for (const [id, [, text]] of Object.entries(typed)) expected[id] = [Math.round(Number(text) * 100), before[id]![1]];
    expected.bagel = [before.bagel![0], true];
    expect(sqliteItems('prices')).toEqual(expected);
    const stored = Object.fromEntries((await demo.items('prices')).map((i) => [i.id, [i.price, i.inStock]]));
    expect(stored).toEqual(expected);

    // Exactly one write per edited row, with its final value; seq counts that row's edits only (4 keys, 1 click).
    const writes = await demo.itemWrites('prices');
    expect([writes.committed, writes.refused, writes.failed]).toEqual([5, 0, 0]);
    for (const id of [...Object.keys(typed), 'bagel']) {
      const mine = rowWritesOf(writes.recent, id);
      expect(mine.map((w) => [w.outcome, w.attempt, w.trigger, w.abandoned, w.price, w.inStock]), id).toEqual([
        ['committed', 1, 'delay', false, ...expected[id]!],
      ]);
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
      expect(new Set(parse(await recorded(page, `row-status-${id}`)).map((h) => h.raw)), id).toEqual(new Set(['idle']));
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
    await expect.poll(() => page.getByTestId('row-writes').textContent(), poll).toBe('Server: 5 committed · 0 refused as stale · 0 failed');
  });

  test('price list (lanes): a row\'s save is never aborted or delayed by edits in other rows, and rows save at the same time', async () => {
    await openList('apart');
    // Croissant's write leaves for a slow server (4 s)…
    await select('Row latency', '4000');
    await retype('Croissant', '2.45');
    await expect.poll(async () => (await demo.stats()).rowWritesInFlight, poll).toBe(1);
    await waitStatus('running', 'row-status-croissant');

    // …while Brownie is edited (its write takes 1 s) and then Espresso is typed slowly, a key every 200 ms.
    await select('Row latency', '1000');
    await retype('Brownie', '2.95');
    const brownieTyped = Date.now();
    await retype('Espresso', '1234.5', 200);
    const espressoTyped = Date.now();
    await waitStatus('done', 'lanes-status');

    const writes = await demo.itemWrites('apart');
    expect([writes.committed, writes.refused, writes.failed]).toEqual([3, 0, 0]);
    const [croissant, brownie, espresso] = ['croissant', 'brownie', 'espresso'].map((id) => {
      const mine = rowWritesOf(writes.recent, id);
      expect(mine.map((w) => [w.outcome, w.attempt, w.abandoned]), id).toEqual([['committed', 1, false]]);
      return mine[0]!;
    });
    expect([croissant!.price, brownie!.price, espresso!.price]).toEqual([245, 295, 123450]);
    // Never aborted: Croissant's one request was answered to a page still waiting for it, and its lane went
    // straight from running to done while the other rows were edited and saved.
    expect(runs(parse(await recorded(page, 'row-status-croissant')).map((h) => h.raw))).toEqual(['idle', 'pending', 'running', 'done']);
    // At the same time: Brownie's write reached the server while Croissant's was in flight, and settled first.
    expect(brownie!.receivedAt).toBeGreaterThan(croissant!.receivedAt);
    expect(brownie!.at).toBeLessThan(croissant!.at);
    // Never delayed: Brownie left 600 ms after its last key, while Espresso was still being typed (its own
    // lane restarted its wait on every key, and saved once, after the last).
    expect(brownie!.receivedAt).toBeLessThan(espressoTyped);
    expect(brownie!.receivedAt - brownieTyped).toBeLessThan(1500);
    expect(espresso!.receivedAt).toBeGreaterThan(espressoTyped);
    expect(espresso!.seq).toBe(6);
    expect(Math.max(...busyCounts(await recorded(page, 'lanes-busy')))).toBe(3);
    expect(sqliteItems('apart')).toMatchObject({ croissant: [245, true], brownie: [295, false], espresso: [123450, true] });
  });

  test('price list (lanes): a slow write of a row overtaken by a newer one is refused (409) and never overwrites it', async () => {
    await openList('stale-rows');
    await select('Row latency', '4000');
    await retype('Cappuccino', '3.30');
    await expect.poll(async () => (await demo.stats()).rowWritesInFlight, poll).toBe(1);

    // A newer price for the same row: its lane aborts the request in flight (restart) and saves the newer one.
    await select('Row latency', '0');
    await retype('Cappuccino', '3.45');
    await waitStatus('done', 'lanes-status');
    expect(sqliteItems('stale-rows').cappuccino).toEqual([345, true]);

    // The aborted request still reaches the database, last, and is refused: the newer price stays.
    await expect.poll(async () => (await demo.stats()).rowWritesInFlight, poll).toBe(0);
    const mine = rowWritesOf((await demo.itemWrites('stale-rows')).recent, 'cappuccino');
    expect(mine.map((w) => [w.outcome, w.price, w.seq, w.abandoned])).toEqual([
      ['committed', 345, 8, false],
      ['refused', 330, 4, true],
    ]);
    expect(mine[1]!.key).toBeLessThan(mine[0]!.key);
    expect(sqliteItems('stale-rows').cappuccino).toEqual([345, true]);
    expect((await demo.items('stale-rows')).find((i) => i.id === 'cappuccino')).toMatchObject({ price: 345, key: mine[0]!.key });
    expect(await page.getByTestId('row-status-cappuccino').getAttribute('data-status')).toBe('done');
    await expect.poll(() => page.getByTestId('row-writes').textContent(), poll).toMatch(/1 refused as stale/);
  });

  test('price list (lanes): with half the writes failing every row lands on its second attempt; at 100 % a row fails after the third', async () => {
    allowServerError('/api/lists/flaky-rows/items/', 500);
    await openList('flaky-rows');
    await select('Row failure rate', '0.5');
    await retype('Flat white', '3.75');
    await retype('Orange juice', '3.95');
    await stockOf('Cheesecake').uncheck();
    await waitStatus('done', 'lanes-status');
    expect(sqliteItems('flaky-rows')).toMatchObject({ 'flat-white': [375, true], 'orange-juice': [395, true], cheesecake: [450, false] });

    // The server failed each row's first write; its lane tried again 300 ms later, with the same key.
    const writes = await demo.itemWrites('flaky-rows');
    for (const id of ['flat-white', 'orange-juice', 'cheesecake']) {
      const mine = rowWritesOf(writes.recent, id);
      expect(mine.map((w) => [w.outcome, w.attempt]), id).toEqual([
        ['failed', 1],
        ['committed', 2],
      ]);
      expect(mine[1], id).toMatchObject({ key: mine[0]!.key, seq: mine[0]!.seq, price: mine[0]!.price, trigger: 'delay' });
      expect(mine[1]!.receivedAt - mine[0]!.at, id).toBeGreaterThanOrEqual(250);
      const words = parse(await recorded(page, `row-status-${id}`)).map((h) => h.text);
      expect(words, id).toContain('retry 2/3');
      expect(words, id).not.toContain('not saved');
    }
    const history = parse(await recorded(page, 'lanes-status'));
    expect(history.map((h) => h.raw)).not.toContain('error');
    expect(history.map((h) => h.text).some((t) => /^Saving (Flat white|Orange juice|Cheesecake), try 2 of 3…$/.test(t))).toBe(true);

    // Every write of Brownie fails: 'running' through three attempts, then the row and the table say so.
    await select('Row failure rate', '1');
    await retype('Brownie', '2.80');
    await waitStatus('error', 'lanes-status');
    expect(await lanesBadge().textContent()).toBe("Couldn't save Brownie after 3 attempts: The server failed on purpose (failure rate)");
    expect(await rowWord('brownie').textContent()).toBe('not saved');
    expect(runs(parse(await recorded(page, 'row-status-brownie')).map((h) => h.raw))).toEqual(['idle', 'pending', 'running', 'error']);
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
    await retype('Brownie', '2.85');
    await waitStatus('done', 'lanes-status');
    expect(sqliteItems('flaky-rows').brownie).toEqual([285, false]);
    await waitShown('done', 'lanes-status');
    expect(await lanesBadge().textContent()).toBe('Saved');
  });

  test('price list (lanes): "Save all now" flushes every waiting row at once; a price that is not one is not saved', async () => {
    await openList('flush-rows');
    // Two quick edits, then the button, well inside the rows' 600 ms wait.
    await retype('Espresso', '3');
    await retype('Bagel', '4');
    await saveAllNow().click();
    await waitStatus('done', 'lanes-status');
    const writes = await demo.itemWrites('flush-rows');
    expect(writes.recent.map((w) => [w.item, w.outcome, w.trigger, w.price]).sort()).toEqual([
      ['bagel', 'committed', 'flush', 400],
      ['espresso', 'committed', 'flush', 300],
    ]);
    expect(await saveAllNow().isDisabled()).toBe(true);

    // A row being retyped through "" cancels that row's waiting save (and only that one).
    await retype('Cappuccino', '9');
    await priceOf('Cappuccino').fill('');
    await waitStatus('cancelled', 'row-status-cappuccino');
    expect(await rowWord('cappuccino').textContent()).toBe('not a price');
    await waitShown('cancelled', 'lanes-status');
    expect(await lanesBadge().textContent()).toBe('Not saved: Cappuccino needs a price');
    await priceOf('Cappuccino').pressSequentially('3.25', { delay: 40 });
    await waitStatus('done', 'lanes-status');
    const cappuccino = rowWritesOf((await demo.itemWrites('flush-rows')).recent, 'cappuccino');
    expect(cappuccino.map((w) => [w.outcome, w.price])).toEqual([['committed', 325]]);
    expect(sqliteItems('flush-rows')).toMatchObject({ espresso: [300, true], bagel: [400, false], cappuccino: [325, true] });
  });

  // Saved under reports/ on every run; `DEMO_SCREENSHOT=examples/screenshot.png npm run test:e2e` refreshes the
  // README's copy. The moment: a "Save now" committed, then a write failed and its retry is on the way; in the
  // price list, two rows' first writes failed and their retries are on the way, each on its own lane.
  test('screenshot of the whole page', async () => {
    allowServerError('/api/docs/typing/fields/', 500);
    allowServerError('/api/lists/typing/items/', 500);
    await open('typing');
    expect(await title().inputValue()).toBe('Field notes');
    await select('Debounce', '0');
    await page.getByLabel('Search emoji').pressSequentially('cat face', { delay: 60 });
    await page.locator('[data-testid="search-results"][data-query="cat face"]').waitFor();
    await page.getByRole('button', { name: 'Publish' }).click();
    await waitStatus('done', 'publish-status');

    await title().press('End');
    await title().pressSequentially(', day 2', { delay: 40 });
    await saveNow();
    await waitStatus('saved');
    // Two rows edited just before the body, on a slow, flaky server: 4 s per write, every other one failing.
    await select('Row latency', '4000');
    await select('Row failure rate', '0.5');
    await retype('Croissant', '2.35');
    await stockOf('Bagel').check();
    await select('Server latency', '4000');
    await select('Failure rate', '0.5');
    await body().press('ControlOrMeta+End');
    await body().pressSequentially(' Saved as you type.', { delay: 40 });
    // The first attempts failed (500) and the second ones are in flight for 4 s.
    await page.getByText('Saving body, try 2 of 3…').waitFor();
    await page.locator('[data-testid="write"].failed').first().waitFor();
    await waitShown('idle', 'field-status-title');
    for (const id of ['croissant', 'bagel']) await page.locator(`[data-testid="row-status-${id}"]`, { hasText: 'retry 2/3' }).waitFor();
    await expect.poll(() => page.getByTestId('row-writes').textContent(), poll).toMatch(/2 failed$/);
    const path = process.env.DEMO_SCREENSHOT ?? join(examples, '..', 'reports', 'e2e', 'demo.png');
    await page.screenshot({ path, fullPage: true });
    expect(statSync(path).size).toBeGreaterThan(10_000);
    await waitStatus('saved');
    expect(sqliteRow('typing')).toMatchObject({ title: 'Field notes, day 2' });
    await waitStatus('done', 'lanes-status');
    expect(sqliteItems('typing')).toMatchObject({ croissant: [235, true], bagel: [290, true] });
  });
});

/** The committed writes, in the order the server committed them, have rising keys. */
function expectCommittedInKeyOrder(inOrder: { outcome: string; key: number }[]) {
  const keys = inOrder.filter((w) => w.outcome === 'committed').map((w) => w.key);
  for (let i = 1; i < keys.length; i++) expect(keys[i]!, `${keys[i - 1]} then ${keys[i]}`).toBeGreaterThan(keys[i - 1]!);
}
