// Shared by the e2e tests: the demo server (examples/server/server.mjs) on a free port with a fresh data
// folder, Debian's Chromium through playwright-core, and recorders that the tests read back.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type ConsoleMessage, type Page } from 'playwright-core';

export const root = fileURLToPath(new URL('../../', import.meta.url));
export const examples = join(root, 'examples');
export const chromiumPath = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
export const hasChromium = existsSync(chromiumPath);
export const installHint = `${chromiumPath} is missing: install it with \`apt-get update && apt-get install -y chromium\``;

export interface DemoServer {
  url: string;
  port: number;
  dataDir: string;
  process: ChildProcess;
  /** Everything the server printed so far (stdout and stderr). */
  output(): string;
  stop(): Promise<void>;
}

/**
 * Starts the built demo server on a port the OS picks (PORT=0), storing its data in a new temporary folder
 * (or in `dataDir`, which `stop()` then deletes too).
 */
export async function startServer(options: { dataDir?: string; gates?: boolean } = {}): Promise<DemoServer> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'last-task-demo-'));
  const child = spawn(process.execPath, [join(examples, 'server/server.mjs')], {
    cwd: root,
    // DEMO_GATES: a test may hold a write at the server (?gate=NAME) until it opens that gate.
    env: {
      ...process.env,
      PORT: '0',
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      DEMO_GATES: options.gates === false ? '' : '1',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`The demo server did not start in 20 s:\n${output}`)), 20_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /http:\/\/127\.0\.0\.1:\d+/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[0]);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`The demo server exited with ${code}:\n${output}`));
    });
  });
  // (The listeners above go on collecting `output`.)
  child.stderr!.on('data', (chunk: Buffer) => process.stderr.write(`[demo server] ${chunk}`));
  return {
    url,
    port: Number(new URL(url).port),
    dataDir,
    process: child,
    output: () => output,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Chromium with the flags this machine needs (TOOLCHAIN.md), in a fresh profile that `close()` deletes. */
export async function launchBrowser(): Promise<{ context: BrowserContext; close(): Promise<void> }> {
  const profile = mkdtempSync(join(tmpdir(), 'chromium-profile-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath,
    headless: true,
    viewport: { width: 1000, height: 800 },
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  return {
    context,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/**
 * Collects page errors and console errors. A test that makes the server fail on purpose allows the
 * browser's "Failed to load resource" line for that one address with `allow`; anything else is an error.
 */
export function watchErrors(page: Page) {
  const errors: string[] = [];
  const allowed: ((message: ConsoleMessage) => boolean)[] = [];
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.stack ?? error.message}`));
  page.on('console', (message) => {
    if (message.type() !== 'error' || allowed.some((allow) => allow(message))) return;
    errors.push(`console.error: ${message.text()} (${message.location().url})`);
  });
  return {
    errors,
    allow(predicate: (message: ConsoleMessage) => boolean) {
      allowed.push(predicate);
    },
  };
}

/** The demo's badges (role status), by their accessible names. */
export const BADGES: Record<string, string> = {
  'autosave-status': 'Autosave status',
  'search-status': 'Search status',
  'publish-status': 'Publish status',
  'lanes-status': 'Price list status',
};

/** The price list's items as the demo's server seeds them (examples/server/store.mjs): id, and the name shown. */
export const ITEMS: Record<string, string> = {
  espresso: 'Espresso',
  cappuccino: 'Cappuccino',
  'flat-white': 'Flat white',
  croissant: 'Croissant',
  bagel: 'Bagel',
  'orange-juice': 'Orange juice',
  cheesecake: 'Cheesecake',
  brownie: 'Brownie',
};

/**
 * The label of the control whose save state a watched name reads: a field's (`field-status-title`) or a row's
 * (`row-status-<item id>`). The state is what the control's aria-describedby names, as a screen reader tells it.
 */
function controlOf(name: string) {
  const field = /^field-status-(title|body)$/.exec(name)?.[1];
  if (field) return { label: field === 'title' ? 'Title' : 'Body' };
  const item = /^row-status-(.+)$/.exec(name)?.[1];
  if (item && ITEMS[item]) return { label: `Price of ${ITEMS[item]}` };
  return undefined;
}

/**
 * A CSS selector for a watched element: a badge by its accessible name, a field's or a row's save state by the
 * description of its control, the busy-lanes counter by its name.
 */
export async function watchedSelector(page: Page, name: string) {
  if (BADGES[name]) return `[role="status"][aria-label="${BADGES[name]}"]`;
  if (name === 'lanes-busy') return 'output[aria-label="lanes busy"]';
  const control = controlOf(name);
  if (!control) throw new Error(`nothing is watched as ${name}`);
  const id = await page.getByLabel(control.label, { exact: true }).getAttribute('aria-describedby');
  if (!id) throw new Error(`${control.label} has no aria-describedby`);
  return `[id="${id}"]`;
}

/** A watched element (see watchedSelector). */
export const watched = async (page: Page, name: string) => page.locator(await watchedSelector(page, name));

/**
 * Runs in the page before its scripts: a MutationObserver that records every distinct state of the watched
 * elements, so a test sees each badge text even if it lasted a few milliseconds. A badge's state reads
 * `raw|shown|text`: the raw status (data-status), the calm status it shows (data-shown) and its words. The
 * elements are found as a user finds them: a badge by its name, a save state through its control's
 * aria-describedby. Give it `{ badges: BADGES, items: ITEMS }`.
 */
export const recorderScript = ({
  badges,
  items,
}: {
  badges: Record<string, string>;
  items: Record<string, string>;
}) => {
  const badge = (el: HTMLElement) => `${el.dataset.status}|${el.dataset.shown}|${el.hidden ? '' : el.textContent}`;
  const describing = (control: Element | null | undefined) => {
    const id = control?.getAttribute('aria-describedby');
    return id ? document.getElementById(id) : null;
  };
  const labelled = (text: string) =>
    [...document.querySelectorAll('label')].find((l) => l.textContent === text)?.control ?? null;
  const priceOf = (item: string) => document.querySelector(`input[aria-label="Price of ${items[item]}"]`);
  type Watch = [name: string, find: () => HTMLElement | null, read: (el: HTMLElement) => string | undefined];
  const badgeWatch = ([name, label]: [string, string]): Watch => [
    name,
    () => document.querySelector<HTMLElement>(`[role="status"][aria-label="${label}"]`),
    badge,
  ];
  const watched: Watch[] = [
    ...Object.entries(badges).map(badgeWatch),
    ['field-status-title', () => describing(labelled('Title')), badge],
    ['field-status-body', () => describing(labelled('Body')), badge],
    [
      'search-results',
      () => document.querySelector<HTMLElement>('[role="region"][aria-label="Search results"]'),
      (el) => el.dataset.query,
    ],
    [
      'lanes-busy',
      () => document.querySelector<HTMLElement>('output[aria-label="lanes busy"]'),
      (el) => el.textContent ?? undefined,
    ],
  ];
  const record: Record<string, string[]> = {};
  (window as unknown as { __record: typeof record }).__record = record;
  const push = (id: string, value: string | undefined) => {
    if (value === undefined) return;
    const list = (record[id] ??= []);
    if (list[list.length - 1] !== value) list.push(value);
  };
  new MutationObserver(() => {
    for (const [id, find, read] of watched) {
      const el = find();
      push(id, el ? read(el) : undefined);
    }
    // The price list's rows: one word per row (`row-status-<item id>`), the description of its price field.
    const rows = Object.keys(items).flatMap((item) => {
      const el = describing(priceOf(item));
      return el ? [{ item, el }] : [];
    });
    for (const { item, el } of rows) push(`row-status-${item}`, badge(el));
    // The table badge's words with the number of rows whose word says they are saving, seen together.
    const table = document.querySelector<HTMLElement>(`[role="status"][aria-label="${badges['lanes-status']}"]`);
    const saying = rows.filter(({ el }) => !el.hidden && /^(saving|retry )/.test(el.textContent ?? '')).length;
    if (table) push('lanes-saving', `${table.textContent}#${saying}`);
  }).observe(document, { subtree: true, childList: true, characterData: true, attributes: true });
};

export const recorded = (page: Page, id: string) =>
  page.evaluate((key) => (window as unknown as { __record: Record<string, string[]> }).__record[key] ?? [], id);

/** An ordering key as the server stores and logs it: the page's ctx.key; seq is for display only. */
export interface FieldKey {
  key: number;
}
export interface StoredDoc {
  title: string;
  body: string;
  /** Each field's ordering key: the fields are saved, and ordered, on their own. */
  fields: { title?: FieldKey & { updatedAt: number }; body?: FieldKey & { updatedAt: number } };
}
export type Outcome = 'committed' | 'repeated' | 'refused' | 'conflict' | 'failed';
export interface LoggedWrite extends FieldKey {
  id: number;
  seq: number | null;
  field: 'title' | 'body';
  value: string;
  trigger: 'delay' | 'maxWait' | 'flush' | 'hidden' | 'unmount' | null;
  attempt: number;
  outcome: Outcome;
  /** The page had aborted the request when the server decided it. */
  abandoned: boolean;
  at: number;
}
export type Counts = Record<Outcome, number>;
export interface WriteLog extends Counts {
  /** Latest first. */
  recent: LoggedWrite[];
}

/** A price-list row as stored: `price` in cents, `key` its ordering key (0 before its first write). */
export interface StoredItem extends FieldKey {
  id: string;
  name: string;
  price: number;
  inStock: boolean;
  updatedAt: number | null;
}
export interface LoggedItemWrite extends FieldKey {
  id: number;
  seq: number | null;
  /** The row's id. */
  item: string;
  price: number;
  inStock: boolean;
  trigger: LoggedWrite['trigger'];
  attempt: number;
  outcome: LoggedWrite['outcome'];
  abandoned: boolean;
  /** When the request reached the server, which then waited its latency. */
  receivedAt: number;
  /** When the server decided it. */
  at: number;
}
export interface ItemWriteLog extends Counts {
  /** Latest first. */
  recent: LoggedItemWrite[];
}

/** The demo server's JSON API, read from the test (Node's fetch). */
export function api(base: string) {
  const get = async <T>(path: string): Promise<T> => {
    const response = await fetch(base + path);
    if (!response.ok) throw new Error(`GET ${path}: HTTP ${response.status}`);
    return (await response.json()) as T;
  };
  return {
    /** The stored document, or undefined before its first save. */
    async doc(id: string) {
      const response = await fetch(`${base}/api/docs/${id}`);
      if (response.status === 404) return undefined;
      return (await response.json()) as StoredDoc;
    },
    writes: (id: string) => get<WriteLog>(`/api/docs/${id}/writes?limit=200`),
    /** A price list's rows, in their order (the list is created by the page opening it). */
    items: async (id: string) => (await get<{ items: StoredItem[] }>(`/api/lists/${id}`)).items,
    itemWrites: (id: string) => get<ItemWriteLog>(`/api/lists/${id}/writes?limit=200`),
    stats: () =>
      get<{
        writesInFlight: number;
        rowWritesInFlight: number;
        publishesInFlight: number;
        search: {
          inFlight: number;
          recent: { q: string; latency: number; startedAt: number; finishedAt?: number; clientGone: boolean }[];
        };
        gates: Record<string, { open: boolean; waiting: number }>;
      }>('/api/stats'),
    /** How many writes wait at the server behind gate `name` (sent with ?gate=name). */
    waitingAt: async (name: string) =>
      (await get<{ gates: Record<string, { waiting: number }> }>('/api/stats')).gates[name]?.waiting ?? 0,
    /** Opens gate `name`: the writes waiting behind it go on, and later ones pass. */
    async openGate(name: string) {
      const response = await fetch(`${base}/api/gates/${name}/open`, { method: 'POST' });
      if (!response.ok) throw new Error(`open gate ${name}: HTTP ${response.status}`);
      return ((await response.json()) as { released: number }).released;
    },
  };
}
