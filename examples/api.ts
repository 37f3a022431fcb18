// The page's calls to the demo server (examples/server/server.mjs). Every call takes the task's signal, so
// a superseded or cancelled task stops waiting for its answer at once.

import type { TaskTrigger } from 'react-last-task';

/** The fields of a document; each is saved on its own (PUT /api/docs/:id/fields/:field). */
export const FIELDS = ['title', 'body'] as const;
export type Field = (typeof FIELDS)[number];

export type Doc = Record<Field, string>;
/** A field's ordering key as stored: the ctx.key of its last committed write (see examples/server/store.mjs). */
export interface FieldKey {
  key: number;
  updatedAt: number;
}
export interface StoredDoc extends Doc {
  updatedAt: number;
  /** Each field's ordering key: the key of its last committed write. */
  fields: Partial<Record<Field, FieldKey>>;
}
export interface Opened {
  /** The stored document with each field's key, or null before its first save. */
  doc: StoredDoc | null;
}
export interface Saved {
  field: Field;
  key: number;
  savedAt: number;
}
export interface FieldWrite {
  value: string;
  /** The write's ordering key: ctx.key. */
  key: number;
  /** ctx.seq, for the write log's display only: the server orders by `key`. */
  seq: number;
  /** Why the page saved now (ctx.trigger) and which attempt this is (ctx.attempt): for the write log. */
  trigger: TaskTrigger;
  attempt: number;
}
/** What the server did with a write: 'repeated' is a retry of the committed write (same key, same value), answered 200. */
export type Outcome = 'committed' | 'repeated' | 'refused' | 'conflict' | 'failed';
export interface LoggedWrite extends Omit<FieldWrite, 'trigger' | 'seq'> {
  id: number;
  field: Field;
  seq: number | null;
  trigger: TaskTrigger | null;
  outcome: Outcome;
  /** The page had aborted the request (stopped waiting for it) when the server decided it. */
  abandoned: boolean;
  at: number;
}
export type Counts = Record<Outcome, number>;
export interface WriteLog extends Counts {
  recent: LoggedWrite[];
}
export interface Hit {
  emoji: string;
  name: string;
  keywords: string[];
}
export interface SearchResult {
  query: string;
  total: number;
  results: Hit[];
  /** How long the server made this query wait, in ms. */
  latency: number;
}
export interface Published {
  version: number;
  title: string;
  words: number;
  publishedAt: number;
}

/** A row of the price list, as stored: `price` in cents; `key` is the row's ordering key (0 before its first save). */
export interface Item {
  id: string;
  name: string;
  price: number;
  inStock: boolean;
  key: number;
  updatedAt: number | null;
}
export interface OpenedList {
  items: Item[];
}
export interface ItemWrite {
  price: number;
  inStock: boolean;
  /** ctx.key of the row's lane. */
  key: number;
  /** ctx.seq, for the log only. */
  seq: number;
  trigger: TaskTrigger;
  attempt: number;
}
/** The server's answer to a committed row write: what it stored, with its key. */
export interface SavedItem {
  item: string;
  price: number;
  inStock: boolean;
  key: number;
  savedAt: number;
}
export type ItemWriteLog = Counts;

/** A request the server answered with an error status: `status` tells a retry whether it is worth it. */
export class ApiError extends Error {
  readonly status: number;
  constructor(message: string, status: number) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
  }
}

async function request<T>(url: string, init: RequestInit): Promise<T> {
  const response = await fetch(url, init);
  const data: unknown = await response.json().catch(() => undefined);
  if (!response.ok) {
    const message = (data as { error?: unknown } | undefined)?.error;
    throw new ApiError(typeof message === 'string' ? message : `HTTP ${response.status}`, response.status);
  }
  return data as T;
}

const doc = (id: string) => `api/docs/${encodeURIComponent(id)}`;
const json = (body: unknown): RequestInit => ({
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});

export const openDoc = (id: string, signal: AbortSignal) =>
  request<Opened>(`${doc(id)}/open`, { method: 'POST', signal });

/**
 * Saves one field. `keepalive` lets the request outlive the page (a save made as the page is hidden or left);
 * the browser caps such a body at 64 KiB, far above what this form holds.
 */
export const saveField = (
  id: string,
  field: Field,
  write: FieldWrite,
  network: { latency: number; failRate: number },
  { signal, keepalive = false }: { signal: AbortSignal; keepalive?: boolean },
) =>
  request<Saved>(`${doc(id)}/fields/${field}?latency=${network.latency}&failRate=${network.failRate}`, {
    method: 'PUT',
    ...json(write),
    signal,
    keepalive,
  });

export const getWrites = (id: string, signal: AbortSignal) =>
  request<WriteLog>(`${doc(id)}/writes?limit=7`, { signal });

const list = (id: string) => `api/lists/${encodeURIComponent(id)}`;

export const openList = (id: string, signal: AbortSignal) =>
  request<OpenedList>(`${list(id)}/open`, { method: 'POST', signal });

/** Saves one row of the price list (its price and whether it is in stock), on that row's lane. */
export const saveItem = (
  id: string,
  item: string,
  write: ItemWrite,
  network: { latency: number; failRate: number },
  signal: AbortSignal,
) =>
  request<SavedItem>(
    `${list(id)}/items/${encodeURIComponent(item)}?latency=${network.latency}&failRate=${network.failRate}`,
    {
      method: 'PUT',
      ...json(write),
      signal,
    },
  );

export const getItemWrites = (id: string, signal: AbortSignal) =>
  request<ItemWriteLog>(`${list(id)}/writes?limit=1`, { signal });

export const searchEmoji = (query: string, signal: AbortSignal) =>
  request<SearchResult>(`api/search?q=${encodeURIComponent(query)}`, { signal });

export const publishDoc = (id: string, fail: boolean, signal: AbortSignal) =>
  request<Published>(`${doc(id)}/publish?latency=1200${fail ? '&fail=1' : ''}`, { method: 'POST', signal });

export const errorMessage = (error: unknown) => (error instanceof Error ? error.message : String(error));
