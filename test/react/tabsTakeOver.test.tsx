/** @vitest-environment jsdom */
// D6 (amended): when the tab that made an edit goes before a save of it is announced, a clean tab that shows the
// edit saves it, learning of it through Web Locks; one tab does, a tab that is alive is never taken over from, and a
// tab that re-attaches (<Activity>) keeps watching. Each flow runs plainly and inside <StrictMode>, on React 18 and 19.
import * as React from 'react';
import { act, render } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { useAutosave, useDraft } from '../../src/index';
import {
  advance,
  controlledSave,
  DELAY,
  FakeChannel,
  FakeLocks,
  lifecycles,
  memoryStore,
  mountEditor,
  settle,
  withFakeClock,
  wrapperFor,
} from '../helpers/react';

// <Activity> is exported from 'react' from 19.2 on; React 18 has none, so the tests that hide an editor skip there.
const Activity = (
  React as { Activity?: React.ComponentType<{ mode: 'visible' | 'hidden'; children: React.ReactNode }> }
).Activity;

withFakeClock(Date.UTC(2026, 0, 1));
let locks: FakeLocks;
beforeEach(() => {
  vi.stubGlobal('BroadcastChannel', FakeChannel);
  locks = new FakeLocks();
  Object.defineProperty(navigator, 'locks', { value: locks, configurable: true });
});
afterEach(() => {
  Reflect.deleteProperty(navigator, 'locks');
  vi.unstubAllGlobals();
  localStorage.clear();
  FakeChannel.open.clear();
});

/** An editor with a draft that the test can hide and show with <Activity>. */
function mountHidable(store: ReturnType<typeof memoryStore>, strict: boolean) {
  const server = controlledSave<string>();
  const Shown = Activity!;
  let result!: { text: string; setText: (text: string) => void; isDirty: boolean; recovered: unknown };
  function Editor() {
    const [text, setText] = React.useState('v1');
    const [draft, { recovered }] = useDraft<string>('doc', { store, restore: setText });
    const autosave = useAutosave(text, server.save, DELAY, { draft });
    result = { text, setText, isDirty: autosave.isDirty, recovered };
    return null;
  }
  const view = render(
    <Shown mode="visible">
      <Editor />
    </Shown>,
    wrapperFor(strict),
  );
  const show = (mode: 'visible' | 'hidden') =>
    act(() =>
      view.rerender(
        <Shown mode={mode}>
          <Editor />
        </Shown>,
      ),
    );
  return {
    ...server,
    show,
    get current() {
      return result;
    },
  };
}

describe.each(lifecycles)('D6 takeover ($name)', ({ strict }) => {
  test('D6 of two clean tabs that show the edit of a tab that went, one saves it, and the other follows that save', async () => {
    const store = memoryStore();
    const a = mountEditor({ initial: 'v1', draft: { store } }, strict);
    const b = mountEditor({ initial: 'v1', draft: { store } }, strict);
    const c = mountEditor({ initial: 'v1', draft: { store } }, strict);
    await settle(() => a.current.setText('typed in A'));
    expect([b.current.text, c.current.text]).toEqual(['typed in A', 'typed in A']);
    a.hook.unmount();
    await advance(DELAY);
    const calls = [...b.calls, ...c.calls];
    expect(calls.map((call) => call.value)).toEqual(['typed in A']);
    await settle(() => calls[0]!.resolve('ok'));
    await advance(DELAY * 10);
    expect([...b.calls, ...c.calls]).toHaveLength(1);
    expect([b.current.isDirty, c.current.isDirty]).toEqual([false, false]);
    expect(store.map.has('doc')).toBe(false);
  });

  test('D6 G2 a tab that reset() to another value after following an edit no longer takes it over', async () => {
    const store = memoryStore();
    const a = mountEditor({ initial: 'v1', draft: { store } }, strict);
    const b = mountEditor({ initial: 'v1', draft: { store } }, strict);
    await settle(() => a.current.setText('typed in A'));
    // B's app loaded the stored copy again, and shows it.
    await settle(() => {
      b.current.setText('server copy');
      b.current.reset('server copy');
    });
    a.hook.unmount();
    await advance(DELAY * 5);
    expect(b.calls).toHaveLength(0);
    expect(b.current.isDirty).toBe(false);
  });

  test('D6 an edit deleted again before its save: the other tab shows the saved value, saves nothing, and no lock is kept', async () => {
    const store = memoryStore();
    const a = mountEditor({ initial: 'v1', draft: { store } }, strict);
    const b = mountEditor({ initial: 'v1', draft: { store } }, strict);
    await settle(() => a.current.setText('x'));
    expect(b.current.text).toBe('x');
    await settle(() => a.current.setText('v1'));
    await advance(DELAY * 2);
    expect(a.calls).toHaveLength(0);
    expect(locks.names()).toEqual([]);
    a.hook.unmount();
    await advance(DELAY * 5);
    expect(b.calls).toHaveLength(0);
    expect(b.current.text).toBe('v1');
    expect(b.current.isDirty).toBe(false);
  });

  test('D6 G2 reset() over an unsaved edit lets go of the lock (a page that holds one is kept out of the back/forward cache)', async () => {
    const store = memoryStore();
    const a = mountEditor({ initial: 'v1', draft: { store } }, strict);
    await settle(() => a.current.setText('x'));
    await advance(0);
    expect(locks.names()).toHaveLength(1);
    await settle(() => {
      a.current.setText('stored');
      a.current.reset('stored');
    });
    await advance(DELAY * 2);
    expect(a.current.isDirty).toBe(false);
    expect(locks.names()).toEqual([]);
  });

  test('D6 a tab that is alive is not taken over from, however long its save takes', async () => {
    const store = memoryStore();
    const a = mountEditor({ initial: 'v1', draft: { store } }, strict);
    const b = mountEditor({ initial: 'v1', draft: { store } }, strict);
    await settle(() => a.current.setText('typed in A'));
    await advance(DELAY * 20);
    expect(a.calls.map((call) => call.value)).toEqual(['typed in A']);
    expect(b.calls).toHaveLength(0);
    await settle(() => a.call(0).resolve('ok'));
    // Saved and announced: A lets go of its lock, and B has nothing to take over.
    await advance(DELAY * 5);
    expect(b.calls).toHaveLength(0);
    expect(b.current.isDirty).toBe(false);
  });
});

describe.skipIf(!Activity).each(lifecycles)('D6 takeover and <Activity> ($name)', ({ strict }) => {
  test('D3 D6 a tab that follows an edit and is hidden and shown again keeps watching, and leaves the edit in the store', async () => {
    const store = memoryStore();
    const a = mountEditor({ initial: 'v1', draft: { store } }, strict);
    const b = mountHidable(store, strict);
    await settle(() => a.current.setText('typed in A'));
    expect(b.current.text).toBe('typed in A');
    b.show('hidden');
    b.show('visible');
    await advance(0);
    expect(store.map.has('doc')).toBe(true);
    a.hook.unmount();
    await advance(DELAY);
    expect(b.calls.map((call) => call.value)).toEqual(['typed in A']);
  });

  test('D6 a value changed while its editor was hidden is announced under a lock held again: the other tab does not take it over', async () => {
    const store = memoryStore();
    const a = mountHidable(store, strict);
    const b = mountEditor({ initial: 'v1', draft: { store } }, strict);
    a.show('hidden');
    await settle(() => a.current.setText('typed while hidden'));
    a.show('visible');
    await advance(0);
    expect(b.current.text).toBe('typed while hidden');
    await advance(DELAY);
    expect(b.current.isDirty).toBe(false);
    expect(b.calls).toHaveLength(0);
    expect(a.calls.map((call) => call.value)).toEqual(['typed while hidden']);
  });

  test('D6 a tab hidden while the edit it followed was saved, and a later one too, does not take either over when shown again', async () => {
    const store = memoryStore();
    const a = mountEditor({ initial: 'v1', draft: { store } }, strict);
    const b = mountHidable(store, strict);
    await settle(() => a.current.setText('x'));
    expect(b.current.text).toBe('x');
    b.show('hidden');
    await advance(DELAY);
    await settle(() => a.call(0).resolve('ok'));
    await settle(() => a.current.setText('xy'));
    await advance(DELAY);
    await settle(() => a.call(1).resolve('ok'));
    expect(a.current.isDirty).toBe(false);
    b.show('visible');
    await advance(DELAY * 3);
    // Saving 'x' now would overwrite 'xy' on the server while A shows 'xy' as saved.
    expect(b.calls).toHaveLength(0);
    expect(b.current.isDirty).toBe(false);
  });

  test('D3 a dirty editor hidden and shown again does not find its own text as a draft to recover', async () => {
    const store = memoryStore();
    const a = mountHidable(store, strict);
    await settle(() => a.current.setText('typed'));
    a.show('hidden');
    a.show('visible');
    await advance(0);
    expect(a.current.recovered).toBeUndefined();
    expect(a.current.text).toBe('typed');
  });
});
