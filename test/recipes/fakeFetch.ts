// A fake `fetch` for the recipe tests: every request waits until the test answers it, and a request whose
// signal is aborted rejects with that signal's reason, as the real fetch does.
import { act } from '@testing-library/react';
import { vi } from 'vitest';

export interface FakeRequest {
  url: string;
  method: string;
  /** The parsed JSON body, if any. */
  body: unknown;
  init: RequestInit;
  signal: AbortSignal | undefined;
  /** Answers with `status` and a JSON body. */
  respond(status: number, json?: unknown): Promise<void>;
  /** Fails like a dropped connection. */
  fail(error?: unknown): Promise<void>;
  settled: boolean;
}

export function fakeFetch() {
  const requests: FakeRequest[] = [];
  const fetch = vi.fn((input: RequestInfo | URL, init: RequestInit = {}) => {
    return new Promise<Response>((resolve, reject) => {
      const signal = init.signal ?? undefined;
      const request: FakeRequest = {
        url: String(input),
        method: init.method ?? 'GET',
        body: typeof init.body === 'string' ? JSON.parse(init.body) : init.body,
        init,
        signal,
        settled: false,
        respond: async (status, json) => {
          await act(async () => {
            if (!request.settled) {
              request.settled = true;
              resolve(new Response(json === undefined ? null : JSON.stringify(json), { status }));
            }
            await flushMicrotasks();
          });
        },
        fail: async (error = new TypeError('Failed to fetch')) => {
          await act(async () => {
            if (!request.settled) {
              request.settled = true;
              reject(error);
            }
            await flushMicrotasks();
          });
        },
      };
      if (signal?.aborted) return reject(signal.reason);
      signal?.addEventListener('abort', () => {
        if (request.settled) return;
        request.settled = true;
        reject(signal.reason);
      });
      requests.push(request);
    });
  });
  vi.stubGlobal('fetch', fetch);
  return {
    fetch,
    requests,
    /** The last request made. */
    last(): FakeRequest {
      const request = requests[requests.length - 1];
      if (!request) throw new Error('no request was made');
      return request;
    },
    /** Requests not yet answered nor aborted. */
    open(): FakeRequest[] {
      return requests.filter((r) => !r.settled);
    },
  };
}

export async function flushMicrotasks(): Promise<void> {
  for (let i = 0; i < 20; i++) await Promise.resolve();
}

/** Moves fake time on inside act, letting effects and promises settle. */
export async function advance(ms: number): Promise<void> {
  await act(async () => {
    await vi.advanceTimersByTimeAsync(ms);
  });
}
