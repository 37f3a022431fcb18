/** @vitest-environment jsdom */
// Model-based test of drafts across reloads (D1–D4, D7, K1): fast-check types values, lets time pass, answers
// the saves in any order (success, a refused older key, a network failure, a server error), reloads the page
// (a new editor on the same store, starting from the server's copy and its key) and breaks the store now and
// then. The server orders writes by key, as the demo's does. After any sequence, one more reload with a
// working network must bring the last value typed to the server: it is saved or recoverable, never neither,
// unless the store refused to keep it (a write fault), which the model allows only for that value.
//
// Replay a failure with FC_SEED=<seed> FC_PATH=<path> npx vitest run --project react19 test/react/draftModel.test.tsx
import { useState } from 'react';
import { act, renderHook } from '@testing-library/react';
import fc from 'fast-check';
import { afterEach, beforeEach, expect, test, vi } from 'vitest';
import { useAutosave, useDraft, type TaskContext } from '../../src/index';
import { deferred, type Deferred, flushMicrotasks, withFakeClock } from '../helpers/react';

const NUM_RUNS = Number(process.env.FC_RUNS ?? 150);
const DELAY = 100;

interface Save {
  value: string;
  key: number;
  d: Deferred<string>;
  signal: AbortSignal;
}

type Command =
  | { kind: 'type'; text: string }
  | { kind: 'advance'; ms: number }
  | { kind: 'answer'; pick: number; how: 'ok' | 'network' | 'server' }
  | { kind: 'reload' }
  | { kind: 'fault'; on: boolean };

const command: fc.Arbitrary<Command> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('type' as const), text: fc.constantFrom('a', 'b', 'c', '') }) },
  {
    weight: 3,
    arbitrary: fc.record({ kind: fc.constant('advance' as const), ms: fc.constantFrom(1, 50, 100, 1000, 5000) }),
  },
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('answer' as const),
      pick: fc.nat(5),
      how: fc.constantFrom('ok' as const, 'ok' as const, 'network' as const, 'server' as const),
    }),
  },
  { weight: 2, arbitrary: fc.constant({ kind: 'reload' as const }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('fault' as const), on: fc.boolean() }) },
);

withFakeClock();
beforeEach(() => {
  // One tab: no other tab to hear.
  vi.stubGlobal('BroadcastChannel', undefined);
});
afterEach(() => {
  vi.unstubAllGlobals();
});

test('D1–D4 D7 K1 after any sequence of edits, answers, reloads and store faults, the last value typed is saved or recoverable', async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(command, { minLength: 1, maxLength: 30 }), async (commands) => {
      const server = { value: 'start', key: 0 };
      const entries = new Map<string, string>();
      let faulty = false;
      const store = {
        getItem: (name: string) => entries.get(name) ?? null,
        setItem: (name: string, raw: string) => {
          if (faulty) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
          entries.set(name, raw);
        },
        removeItem: (name: string) => void entries.delete(name),
      };
      let saves: Save[] = [];
      const save = (value: string, ctx: TaskContext<string>) => {
        const d = deferred<string>();
        saves.push({ value, key: ctx.key, d, signal: ctx.signal });
        return d.promise;
      };
      /** The last value the user typed, and whether the store failed to keep it (then a reload may lose it). */
      let last = server.value;
      let unkept = false;
      const typed: string[] = [];

      const mount = () =>
        renderHook(() => {
          const [text, setText] = useState(server.value);
          const [draft] = useDraft<string>('doc', { store, savedKey: server.key, restore: setText, onError: () => {} });
          const autosave = useAutosave(text, save, DELAY, { draft });
          return { text, setText, ...autosave };
        });
      let editor = mount();
      const settle = async () => {
        await act(async () => {
          await flushMicrotasks();
        });
      };
      await settle();

      for (const c of commands) {
        if (c.kind === 'type') {
          const next = editor.result.current.text + c.text;
          act(() => editor.result.current.setText(next));
          await settle();
          if (next !== last) {
            last = next;
            typed.push(next);
            unkept = faulty;
          }
        } else if (c.kind === 'advance') {
          await act(async () => {
            await vi.advanceTimersByTimeAsync(c.ms);
          });
        } else if (c.kind === 'answer') {
          const open = saves.filter((s) => !s.signal.aborted);
          const s = open[c.pick % Math.max(open.length, 1)];
          if (!s) continue;
          saves = saves.filter((x) => x !== s);
          if (c.how === 'ok') {
            // The server orders by key: an older write is refused (409), as the demo's does.
            if (s.key > server.key) {
              server.value = s.value;
              server.key = s.key;
              s.d.resolve('ok');
            } else s.d.reject(new Error('409: a newer write is stored'));
          } else if (c.how === 'network') s.d.reject(new TypeError('Failed to fetch'));
          else s.d.reject(new Error('HTTP 500'));
          await settle();
        } else if (c.kind === 'reload') {
          editor.unmount();
          // Requests of the old page are gone with it.
          for (const s of saves) s.d.reject(new TypeError('Failed to fetch'));
          saves = [];
          editor = mount();
          await settle();
          const shown = editor.result.current.text;
          if (unkept && last !== server.value) {
            // The store refused to keep the last value and the page is gone: the model allows its loss, and only
            // its loss: the page shows an earlier value the user typed (the draft the store did keep) or the saved one.
            expect([...typed, server.value], `after a reload; commands ${JSON.stringify(commands)}`).toContain(shown);
            last = shown;
            unkept = false;
          }
          // What the new page shows is what the user has: the last value typed, restored from the draft, or saved.
          expect(shown, `after a reload; commands ${JSON.stringify(commands)}`).toBe(last);
        } else {
          faulty = c.on;
        }
      }

      // One more reload with a working network and store: whatever is recoverable is restored and saved.
      editor.unmount();
      for (const s of saves) s.d.reject(new TypeError('Failed to fetch'));
      saves = [];
      if (unkept && last !== server.value) return;
      faulty = false;
      editor = mount();
      await settle();
      for (let round = 0; round < 10 && server.value !== last; round++) {
        await act(async () => {
          await vi.advanceTimersByTimeAsync(DELAY);
        });
        for (const s of saves.splice(0)) {
          if (s.signal.aborted) continue;
          if (s.key > server.key) {
            server.value = s.value;
            server.key = s.key;
            s.d.resolve('ok');
          } else s.d.reject(new Error('409'));
        }
        await settle();
      }
      expect(server.value, `last typed ${JSON.stringify(last)}; commands ${JSON.stringify(commands)}`).toBe(last);
      expect(editor.result.current.text).toBe(last);
      editor.unmount();
    }),
    {
      numRuns: NUM_RUNS,
      ...(process.env.FC_SEED ? { seed: Number(process.env.FC_SEED) } : {}),
      ...(process.env.FC_PATH ? { path: process.env.FC_PATH } : {}),
    },
  );
}, 120_000);
