// No jsdom here: server rendering runs in the plain node environment, where there is no window.
import { renderToString } from 'react-dom/server';
import { afterEach, expect, test, vi } from 'vitest';
import { useAutosave, useLastTask } from '../../src/index';
import { listenForHide } from '../../src/react/listenForHide';
import { withFakeClock } from '../helpers/core';

withFakeClock();

afterEach(() => {
  vi.restoreAllMocks();
});

function Search() {
  const { status, value, error } = useLastTask<string>({ delay: 250, maxWait: 1000 });
  return <p>{`search:${status}:${String(value)}:${String(error)}`}</p>;
}

function Editor({ save }: { save: (value: string) => Promise<void> }) {
  const { status, isDirty, lastSavedAt, error } = useAutosave('draft', save, 500, { saveOnUnmount: true });
  return <p>{`autosave:${status}:${String(isDirty)}:${String(lastSavedAt)}:${String(error)}`}</p>;
}

test('H6 the server environment has no window (this file does not run in jsdom)', () => {
  expect(typeof window).toBe('undefined');
  expect(typeof document).toBe('undefined');
});

test('H6 server rendering useLastTask creates no timer and reports idle', async () => {
  const html = renderToString(<Search />);
  expect(html).toContain('search:idle:undefined:undefined');
  expect(vi.getTimerCount()).toBe(0);
});

test('H6 server rendering useAutosave creates no timer, never saves and reports idle, not dirty', async () => {
  const save = vi.fn(async () => {});
  const html = renderToString(<Editor save={save} />);
  expect(html).toContain('autosave:idle:false:undefined:undefined');
  expect(vi.getTimerCount()).toBe(0);
  await vi.advanceTimersByTimeAsync(10_000);
  expect(save).not.toHaveBeenCalled();
});

test('H6 server rendering logs no error or warning (no useLayoutEffect warning on the server)', () => {
  const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
  const warnings = vi.spyOn(console, 'warn').mockImplementation(() => {});
  renderToString(
    <>
      <Search />
      <Editor save={async () => {}} />
    </>,
  );
  expect(errors).not.toHaveBeenCalled();
  expect(warnings).not.toHaveBeenCalled();
  expect(vi.getTimerCount()).toBe(0);
});

test('E1 without a document (React Native, a worker) listening for the hide listens to nothing and does not throw', () => {
  const flush = vi.fn();
  expect(listenForHide(flush)).toBeUndefined();
  expect(flush).not.toHaveBeenCalled();
});
