// The demo page (examples/) in a real browser against the real server and SQLite: what a person sees,
// and what ends up in the database. No fixed sleeps: every wait is for a condition.
import { createRequire } from 'node:module';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { api, examples, hasChromium, installHint, launchBrowser, recorded, recorderScript, startServer, watchErrors, type DemoServer } from './harness';

const ci = process.env.CI === 'true';
if (!hasChromium && !ci) console.warn(`e2e tests skipped: ${installHint}`);

test('Chromium is installed, or this is not CI (CI=true needs the browser tests)', () => {
  expect(hasChromium || !ci, installHint).toBe(true);
});

const poll = { timeout: 20_000, interval: 100 };

describe.skipIf(!hasChromium)(`demo page in Chromium${hasChromium ? '' : ' (skipped: apt-get install -y chromium)'}`, () => {
  let server: DemoServer;
  let browser: Awaited<ReturnType<typeof launchBrowser>>;
  let demo: ReturnType<typeof api>;
  let page: Page;
  let watch: ReturnType<typeof watchErrors>;

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
  const waitStatus = (value: string, testId = 'autosave-status', timeout = poll.timeout) =>
    page.locator(`[data-testid="${testId}"][data-status="${value}"]`).waitFor({ timeout });
  const title = () => page.getByLabel('Title', { exact: true });
  const body = () => page.getByLabel('Body', { exact: true });
  const select = (label: string, value: string) => page.getByLabel(label, { exact: true }).selectOption(value);
  const allowServerError = (path: string, code: number) =>
    watch.allow((m) => m.location().url.includes(path) && m.text().includes(`status of ${code}`));

  test('autosave: a paragraph typed at a human pace ends in the database exactly, in a few writes', async () => {
    await open('typing');
    expect(await badge().textContent()).toBe('All changes saved');

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

    const stored = await demo.doc('typing');
    expect(stored).toMatchObject({ title: titleText, body: bodyText });

    // The same, straight from the SQLite file.
    const Database = createRequire(join(examples, 'package.json'))('better-sqlite3');
    const db = new Database(join(server.dataDir, 'demo.sqlite'), { readonly: true });
    try {
      expect(db.prepare('SELECT title, body FROM docs WHERE id = ?').get('typing')).toEqual({ title: titleText, body: bodyText });
    } finally {
      db.close();
    }

    // The badge went pending → saving → saved, in words.
    const history = await recorded(page, 'autosave-status');
    const statuses = history.map((entry) => entry.split('|')[0]);
    expect(statuses[0]).toBe('idle');
    expect(statuses).toContain('pending');
    const lastSaving = statuses.lastIndexOf('saving');
    expect(lastSaving).toBeGreaterThan(statuses.indexOf('pending'));
    expect(statuses.slice(lastSaving + 1)).toEqual(['saved']);
    expect(history).toContain('pending|Changes pending');
    expect(history).toContain('saving|Saving…');
    expect(history.at(-1)).toBe('saved|Saved just now');
    // "Saved … ago" ticks.
    await expect.poll(() => badge().textContent(), poll).toMatch(/^Saved [1-9]\d* s ago$/);

    // A few writes, not one per keystroke: the 800 ms debounce plus the 4 s maxWait while typing.
    const keystrokes = titleText.length + bodyText.length;
    const writes = await demo.writes('typing');
    const typingSeconds = (typed - started) / 1000;
    console.log(
      `e2e autosave: ${keystrokes} keystrokes in ${typingSeconds.toFixed(1)} s → ${writes.committed} writes committed, ` +
        `${writes.refused} refused; saved ${savedAfter} ms after the last keystroke`,
    );
    expect(writes.committed).toBeGreaterThanOrEqual(1);
    expect(writes.committed).toBeLessThanOrEqual(Math.ceil(typingSeconds / 4) + 3);
    expect(writes.committed).toBeLessThan(keystrokes / 10);
    expect(writes.recent[0]).toMatchObject({ outcome: 'committed', title: titleText, body: bodyText });
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
    await page.getByRole('button', { name: 'Save now' }).click();
    await waitStatus('saved');
    expect(await demo.doc('race')).toMatchObject({ title: 'Race', body: 'slow version then fast' });

    // The slow request lands last and is refused (409): the database keeps the newer text.
    await expect.poll(async () => (await demo.stats()).writesInFlight, poll).toBe(0);
    const writes = await demo.writes('race');
    expect(writes.refused).toBe(1);
    expect(writes.recent.find((w) => w.outcome === 'refused')).toMatchObject({ body: 'slow version' });
    expect(await demo.doc('race')).toMatchObject({ title: 'Race', body: 'slow version then fast' });
    expectCommittedInKeyOrder(writes.recent);
    expect(await status()).toBe('saved');
    await expect.poll(() => page.getByTestId('server-log').locator('h3').textContent(), poll).toMatch(/1 refused as stale/);
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
    expect(writes.recent.map((w) => [w.outcome, w.body]).reverse()).toEqual([
      ['committed', ''],
      ['committed', 'first'],
      ['committed', 'first and second'],
    ]);
    expectCommittedInKeyOrder(writes.recent);
  });

  test('autosave: a reload is never locked out, and the old page load\'s late save is refused', async () => {
    await open('reload');
    await title().pressSequentially('Before reload', { delay: 40 });
    await waitStatus('saved');
    const before = (await demo.doc('reload'))!;

    await select('Server latency', '4000');
    await body().pressSequentially('late from the old page', { delay: 40 });
    await waitStatus('saving');
    await expect.poll(async () => (await demo.stats()).writesInFlight, poll).toBe(1);

    await page.reload();
    await title().waitFor();
    // The stored document was loaded (the slow save has not landed yet).
    await expect.poll(() => title().inputValue(), poll).toBe('Before reload');
    expect(await body().inputValue()).toBe('');
    await body().pressSequentially('fresh after reload', { delay: 40 });
    await waitStatus('saved');
    const after = (await demo.doc('reload'))!;
    expect(after).toMatchObject({ title: 'Before reload', body: 'fresh after reload' });
    expect(after.epoch).toBeGreaterThan(before.epoch);

    await expect.poll(async () => (await demo.stats()).writesInFlight, poll).toBe(0);
    const writes = await demo.writes('reload');
    const late = writes.recent.find((w) => w.outcome === 'refused');
    expect(late).toMatchObject({ body: 'late from the old page', epoch: before.epoch });
    // ctx.seq started again at 1 after the reload, so the late write has the higher seq: seq alone would
    // have let it overwrite the newer text; the epoch refuses it.
    expect(late!.seq).toBeGreaterThan(after.seq);
    expect(await demo.doc('reload')).toMatchObject({ body: 'fresh after reload' });
  });

  test('autosave: failures and cancels are shown in words, and "Save now" recovers', async () => {
    allowServerError('/api/docs/words', 500);
    await open('words');
    await select('Failure rate', '1');
    await title().pressSequentially('Oops', { delay: 40 });
    await waitStatus('error');
    expect(await badge().textContent()).toBe("Couldn't save: The server failed on purpose (failure rate)");
    expect(await demo.doc('words')).toBeUndefined();

    await select('Failure rate', '0');
    await page.getByRole('button', { name: 'Save now' }).click();
    await waitStatus('saved');
    expect(await demo.doc('words')).toMatchObject({ title: 'Oops' });

    await body().pressSequentially('never mind', { delay: 40 });
    await waitStatus('pending');
    await page.getByTestId('autosave-demo').getByRole('button', { name: 'Cancel' }).click();
    await waitStatus('cancelled');
    expect(await badge().textContent()).toBe('Cancelled: your changes are not saved');
    await page.getByRole('button', { name: 'Save now' }).click();
    await waitStatus('saved');
    expect(await demo.doc('words')).toMatchObject({ title: 'Oops', body: 'never mind' });
    const statuses = (await recorded(page, 'autosave-status')).map((entry) => entry.split('|')[0]);
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
  });

  test('publish: an explicit save with a status badge, its result and its error', async () => {
    allowServerError('/api/docs/typing/publish', 503);
    await open('typing');
    expect(await page.getByTestId('publish-status').textContent()).toBe('Not published yet');
    await page.getByRole('button', { name: 'Publish' }).click();
    await waitStatus('done', 'publish-status');
    expect(await page.getByTestId('publish-status').textContent()).toBe('Published version 1');
    expect(await page.getByTestId('published').textContent()).toMatch(/^Version 1 · “Field notes” · \d+ words · published at /);

    await page.getByLabel('Make the next publish fail').check();
    await page.getByRole('button', { name: 'Publish' }).click();
    await waitStatus('error', 'publish-status');
    expect(await page.getByTestId('publish-status').textContent()).toBe(
      "Couldn't publish: The publishing service is down (simulated)",
    );
    await page.getByRole('button', { name: 'Publish' }).click();
    await waitStatus('done', 'publish-status');
    expect(await page.getByTestId('publish-status').textContent()).toBe('Published version 2');
    const statuses = (await recorded(page, 'publish-status')).map((entry) => entry.split('|')[0]);
    expect(statuses).toEqual(['idle', 'pending', 'running', 'done', 'pending', 'running', 'error', 'pending', 'running', 'done']);
  });

  // Saved under reports/ on every run; `DEMO_SCREENSHOT=examples/screenshot.png npm run test:e2e` refreshes the
  // README's copy.
  test('screenshot of the whole page', async () => {
    await open('typing');
    expect(await title().inputValue()).toBe('Field notes');
    await select('Debounce', '0');
    await page.getByLabel('Search emoji').pressSequentially('cat face', { delay: 60 });
    await page.locator('[data-testid="search-results"][data-query="cat face"]').waitFor();
    await page.getByRole('button', { name: 'Publish' }).click();
    await waitStatus('done', 'publish-status');
    await body().press('ControlOrMeta+End');
    await body().pressSequentially(' Saved as you type.', { delay: 40 });
    await waitStatus('saved');
    const path = process.env.DEMO_SCREENSHOT ?? join(examples, '..', 'reports', 'e2e', 'demo.png');
    await page.screenshot({ path, fullPage: true });
    expect(statSync(path).size).toBeGreaterThan(10_000);
  });
});

/** The committed writes, in the order the server committed them, have rising (epoch, seq) keys. */
function expectCommittedInKeyOrder(latestFirst: { outcome: string; epoch: number; seq: number }[]) {
  const keys = latestFirst
    .filter((w) => w.outcome === 'committed')
    .reverse()
    .map((w) => [w.epoch, w.seq] as const);
  for (let i = 1; i < keys.length; i++) {
    const [a, b] = [keys[i - 1]!, keys[i]!];
    expect(b[0] > a[0] || (b[0] === a[0] && b[1] > a[1]), `${a} then ${b}`).toBe(true);
  }
}
