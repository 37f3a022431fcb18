// The page's calls to the demo server (examples/server/server.mjs). Every call takes the task's signal, so
// a superseded or cancelled task stops waiting for its answer at once.

export interface Doc {
  title: string;
  body: string;
}
export interface StoredDoc extends Doc {
  epoch: number;
  seq: number;
  updatedAt: number;
}
export interface Opened {
  /** This page load's epoch: the first half of every write's ordering key (see examples/server/store.mjs). */
  epoch: number;
  doc: StoredDoc | undefined;
}
export interface Saved {
  epoch: number;
  seq: number;
  savedAt: number;
}
export interface WriteLog {
  committed: number;
  refused: number;
  recent: { id: number; epoch: number; seq: number; title: string; body: string; outcome: 'committed' | 'refused'; at: number }[];
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

async function request<T>(url: string, init: RequestInit): Promise<T> {
  const response = await fetch(url, init);
  const data: unknown = await response.json().catch(() => undefined);
  if (!response.ok) {
    const message = (data as { error?: unknown } | undefined)?.error;
    throw new Error(typeof message === 'string' ? message : `HTTP ${response.status}`);
  }
  return data as T;
}

const doc = (id: string) => `api/docs/${encodeURIComponent(id)}`;
const json = (body: unknown): RequestInit => ({
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});

export const openDoc = (id: string, signal: AbortSignal) => request<Opened>(`${doc(id)}/open`, { method: 'POST', signal });

export const saveDoc = (
  id: string,
  write: Doc & { epoch: number; seq: number },
  network: { latency: number; failRate: number },
  signal: AbortSignal,
) =>
  request<Saved>(`${doc(id)}?latency=${network.latency}&failRate=${network.failRate}`, {
    method: 'PUT',
    ...json(write),
    signal,
  });

export const getWrites = (id: string, signal: AbortSignal) => request<WriteLog>(`${doc(id)}/writes?limit=6`, { signal });

export const searchEmoji = (query: string, signal: AbortSignal) =>
  request<SearchResult>(`api/search?q=${encodeURIComponent(query)}`, { signal });

export const publishDoc = (id: string, fail: boolean, signal: AbortSignal) =>
  request<Published>(`${doc(id)}/publish?latency=1200${fail ? '&fail=1' : ''}`, { method: 'POST', signal });

export const errorMessage = (error: unknown) => (error instanceof Error ? error.message : String(error));
