/** @vitest-environment jsdom */
import { MutationCache, QueryCache, QueryClient, QueryClientProvider, useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useAutosave } from 'react-last-task';
import { fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { DocEditor } from '../../examples/recipes/tanstack-query';
import { advance, fakeFetch } from './fakeFetch';

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(new Date('2026-01-01T00:00:00Z'));
});
afterEach(() => {
  vi.unstubAllGlobals();
});

function mount() {
  const server = fakeFetch();
  const globalMutationError = vi.fn();
  const globalQueryError = vi.fn();
  const notify = vi.fn();
  const client = new QueryClient({
    mutationCache: new MutationCache({ onError: globalMutationError }),
    queryCache: new QueryCache({ onError: globalQueryError }),
    defaultOptions: { queries: { retry: false } },
  });
  render(
    <QueryClientProvider client={client}>
      <DocEditor id="d1" notify={notify} />
    </QueryClientProvider>,
  );
  return { server, client, notify, globalMutationError, globalQueryError };
}

describe('useAutosave with TanStack Query', () => {
  test('A4 R3 superseded saves in a typing session call no error callback, and the landed save fills the query cache', async () => {
    const { server, client, notify, globalMutationError, globalQueryError } = mount();
    await server.last().respond(200, { id: 'd1', body: 'Hi', key: 5 });
    await advance(0); // TanStack Query notifies on a timer
    const box = screen.getByLabelText('Body');
    // Three pauses long enough to start a save, each overtaken by the next keystroke while in flight.
    let text = 'Hi';
    const aborted = [];
    for (const more of [' there', ', how', ' are you']) {
      text += more;
      fireEvent.change(box, { target: { value: text } });
      await advance(800);
      aborted.push(server.last());
    }
    fireEvent.change(box, { target: { value: `${text}?` } });
    expect(aborted.every((r) => r.signal?.aborted)).toBe(true);
    await advance(800);
    const landed = server.last();
    expect(server.requests.filter((r) => r.method === 'PUT')).toHaveLength(4);
    expect(landed.body).toMatchObject({ body: 'Hi there, how are you?' });
    await landed.respond(200, { id: 'd1', body: 'Hi there, how are you?', key: (landed.body as { key: number }).key });
    expect(notify).not.toHaveBeenCalled();
    expect(globalMutationError).not.toHaveBeenCalled();
    expect(globalQueryError).not.toHaveBeenCalled();
    await advance(0);
    expect(client.getQueryData(['doc', 'd1'])).toMatchObject({ body: 'Hi there, how are you?' });
    expect(screen.getByText('Saved')).toBeTruthy();
  });

  test('K2 the loaded key raises the floor: every save sends a key greater than the loaded one', async () => {
    const { server } = mount();
    const future = (Date.parse('2026-01-01T00:00:00Z') + 3_600_000) * 1000; // written by a device an hour ahead
    await server.last().respond(200, { id: 'd1', body: 'Hi', key: future });
    await advance(0); // TanStack Query notifies on a timer
    fireEvent.change(screen.getByLabelText('Body'), { target: { value: 'Hi!' } });
    await advance(800);
    expect((server.last().body as { key: number }).key).toBeGreaterThan(future);
  });

  test('A3 a real failure (HTTP 500) is reported once, to the toast, and leaves the cache as loaded', async () => {
    const { server, client, notify, globalMutationError } = mount();
    await server.last().respond(200, { id: 'd1', body: 'Hi', key: 5 });
    await advance(0); // TanStack Query notifies on a timer
    fireEvent.change(screen.getByLabelText('Body'), { target: { value: 'Hi!' } });
    await advance(800);
    await server.last().respond(500);
    expect(notify).toHaveBeenCalledTimes(1);
    expect(notify).toHaveBeenCalledWith('Couldn’t save: Error: HTTP 500');
    expect(globalMutationError).not.toHaveBeenCalled();
    expect(client.getQueryData(['doc', 'd1'])).toMatchObject({ body: 'Hi' });
    expect(screen.getByText('Not saved')).toBeTruthy();
  });
});

// What the README says about the other way: a save through useMutation reports each superseded save as an error.
function MutationEditor() {
  const [body, setBody] = useState('');
  const mutation = useMutation({
    mutationFn: async ({ body, signal }: { body: string; signal: AbortSignal }) => {
      const response = await fetch('/api/docs/d1', { method: 'PUT', body: JSON.stringify({ body }), signal });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
    },
  });
  useAutosave(body, (body, { signal }) => mutation.mutateAsync({ body, signal }), 800);
  return <textarea aria-label="Body" value={body} onChange={(e) => setBody(e.target.value)} />;
}

test('the contrast: with useMutation, every superseded save reaches the global onError (AbortError)', async () => {
  const server = fakeFetch();
  const globalMutationError = vi.fn();
  const client = new QueryClient({ mutationCache: new MutationCache({ onError: globalMutationError }) });
  render(
    <QueryClientProvider client={client}>
      <MutationEditor />
    </QueryClientProvider>,
  );
  const box = screen.getByLabelText('Body');
  for (const text of ['Hi', 'Hi there', 'Hi there, how', 'Hi there, how are you']) {
    fireEvent.change(box, { target: { value: text } });
    await advance(800);
  }
  await server.last().respond(200);
  await advance(0);
  expect(globalMutationError).toHaveBeenCalledTimes(3);
  expect(globalMutationError.mock.calls.map(([error]) => (error as Error).name)).toEqual([
    'AbortError',
    'AbortError',
    'AbortError',
  ]);
});
