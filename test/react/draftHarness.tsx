import { useState } from 'react';
import { renderHook } from '@testing-library/react';
import { vi } from 'vitest';
import { useAutosave, useDraft, type DraftOptions, type DraftStore, type UseAutosaveOptions } from '../../src/index';
import { controlledSave, wrapperFor } from './helpers';

export const DELAY = 100;

/** A synchronous store in memory, like localStorage, whose calls are counted. */
export function memoryStore(entries: Record<string, string> = {}) {
  const map = new Map(Object.entries(entries));
  const store = {
    map,
    getItem: vi.fn((key: string) => map.get(key) ?? null),
    setItem: vi.fn((key: string, value: string) => void map.set(key, value)),
    removeItem: vi.fn((key: string) => void map.delete(key)),
  };
  return store satisfies DraftStore;
}

/** An asynchronous store (IndexedDB, AsyncStorage): every call answers `latency` ms later, by the fake clock. */
export function slowStore(latency: number, entries: Record<string, string> = {}) {
  const map = new Map(Object.entries(entries));
  const later = <V,>(f: () => V) => new Promise<V>((resolve) => setTimeout(() => resolve(f()), latency));
  const store = {
    map,
    getItem: vi.fn((key: string) => later(() => map.get(key) ?? null)),
    setItem: vi.fn((key: string, value: string) => later(() => void map.set(key, value))),
    removeItem: vi.fn((key: string) => later(() => void map.delete(key))),
  };
  return store satisfies DraftStore;
}

/** The entry a store holds under `name`, parsed. */
export function entryOf(store: { map: Map<string, string> }, name = 'doc') {
  const raw = store.map.get(name);
  return raw === undefined ? undefined : (JSON.parse(raw) as { v: unknown; at: number; key: number; base?: number });
}

/**
 * BroadcastChannel between the "tabs" of one test: a message reaches the other channels of the same name in a
 * microtask, cloned, as in a browser (where it comes a task later: the order is the same).
 */
export class FakeChannel {
  static open = new Set<FakeChannel>();
  onmessage: ((event: { data: unknown }) => void) | null = null;
  constructor(readonly name: string) {
    FakeChannel.open.add(this);
  }
  postMessage(data: unknown) {
    const copy: unknown = structuredClone(data);
    for (const other of FakeChannel.open)
      if (other !== this && other.name === this.name) queueMicrotask(() => other.onmessage?.({ data: copy }));
  }
  close() {
    FakeChannel.open.delete(this);
  }
}

export interface EditorProps {
  initial: string;
  draft?: Omit<DraftOptions<string>, 'restore'> & { restore?: boolean };
  options?: UseAutosaveOptions<string, string>;
  name?: string;
}

/**
 * One "tab" of an editor: its text in state, a draft named `name` that restores into that state (unless
 * `restore: false`), and an autosave of the text with the draft. The server's save is controlled.
 */
export function mountEditor({ initial, draft = {}, options = {}, name = 'doc' }: EditorProps, strict = false) {
  const server = controlledSave<string>();
  const { restore = true, ...draftOptions } = draft;
  const hook = renderHook(
    (props: { enabled?: boolean }) => {
      const [text, setText] = useState(initial);
      const [handle, { recovered, offline }] = useDraft<string>(name, { ...draftOptions, ...(restore ? { restore: setText } : {}) });
      const autosave = useAutosave(text, server.save, DELAY, {
        ...options,
        draft: handle,
        ...(props.enabled === undefined ? {} : { enabled: props.enabled }),
      });
      return { text, setText, draft: handle, recovered, offline, ...autosave };
    },
    { initialProps: {}, ...wrapperFor(strict) },
  );
  return { ...server, hook, get current() {
    return hook.result.current;
  } };
}
