/** @vitest-environment jsdom */
// An editor hidden with React 19's <Activity> used to lose its save: a save pending or in flight when it was
// hidden ended 'cancelled', still dirty, and nothing was saved until the next change. A14: hidden is not gone.
import * as React from 'react';
import { act, render } from '@testing-library/react';
import { describe, expect, test } from 'vitest';
import { useAutosave, type UseAutosaveOptions } from '../../src/index';
import { advance, controlledSave, lifecycles, settle, withFakeClock, wrapperFor } from '../helpers/react';

// <Activity> is exported from 'react' from 19.2 on; React 18 has none, so these tests cannot run there.
const Activity = (
  React as { Activity?: React.ComponentType<{ mode: 'visible' | 'hidden'; children: React.ReactNode }> }
).Activity;
const hasActivity = typeof Activity !== 'undefined';

withFakeClock();

test('React 18 has no <Activity>: the A14 tests below are skipped there, and run on React 19', () => {
  expect(hasActivity).toBe(process.env.REACT_VERSION === '19');
});

describe.skipIf(!hasActivity).each(lifecycles)(
  'A14 an editor hidden with <Activity> keeps its save ($name)',
  ({ strict }) => {
    function mountHidable(options?: UseAutosaveOptions<string, string>) {
      const controlled = controlledSave<string, string>();
      let result!: ReturnType<typeof useAutosave<string, string>>;
      function Editor({ value, enabled }: { value: string; enabled: boolean | undefined }) {
        result = useAutosave(value, controlled.save, 100, {
          ...options,
          ...(enabled === undefined ? {} : { enabled }),
        });
        return <p>{result.status}</p>;
      }
      const Shown = Activity!;
      const view = render(
        <Shown mode="visible">
          <Editor value="a" enabled={undefined} />
        </Shown>,
        wrapperFor(strict),
      );
      const show = (mode: 'visible' | 'hidden', value: string, enabled?: boolean) =>
        act(() =>
          view.rerender(
            <Shown mode={mode}>
              <Editor value={value} enabled={enabled} />
            </Shown>,
          ),
        );
      return { ...controlled, view, show, current: () => result };
    }

    test('A14 a pending save when hidden is scheduled again when shown: saved after the delay, not lost', async () => {
      const h = mountHidable();
      h.show('visible', 'b');
      expect(h.current().status).toBe('pending');
      h.show('hidden', 'b');
      await advance(1000);
      expect(h.save).not.toHaveBeenCalled(); // hidden, unmount-like: nothing runs while hidden
      h.show('visible', 'b');
      expect(h.current()).toMatchObject({ status: 'pending', isDirty: true });
      await advance(100);
      expect(h.save).toHaveBeenCalledTimes(1);
      expect(h.call(0).value).toBe('b');
      await settle(() => h.call(0).resolve('ok'));
      expect(h.current()).toMatchObject({ status: 'saved', isDirty: false });
    });

    test('A14 a save in flight when hidden (aborted, reason disposed) is made again when shown', async () => {
      const h = mountHidable();
      h.show('visible', 'b');
      await advance(100);
      expect(h.save).toHaveBeenCalledTimes(1);
      h.show('hidden', 'b');
      expect(h.call(0).ctx.signal.aborted).toBe(true);
      h.show('visible', 'b');
      await advance(100);
      expect(h.save).toHaveBeenCalledTimes(2);
      expect(h.call(1).value).toBe('b');
      await settle(() => h.call(1).resolve('ok'));
      expect(h.current()).toMatchObject({ status: 'saved', isDirty: false });
    });

    test('A14 A9 a save the user cancelled before hiding stays cancelled when shown; nothing is saved until a change', async () => {
      const h = mountHidable();
      h.show('visible', 'b');
      act(() => h.current().cancel());
      h.show('hidden', 'b');
      h.show('visible', 'b');
      await advance(1000);
      expect(h.save).not.toHaveBeenCalled();
      expect(h.current()).toMatchObject({ status: 'cancelled', isDirty: true });
    });

    test('A14 with saveOnUnmount, hiding saves at once (the cleanup cannot tell hiding from unmount)', async () => {
      const h = mountHidable({ saveOnUnmount: true });
      h.show('visible', 'b');
      h.show('hidden', 'b');
      expect(h.save).toHaveBeenCalledTimes(1);
      expect(h.call(0).ctx.trigger).toBe('unmount');
      await settle(() => h.call(0).resolve('ok'));
      h.show('visible', 'b');
      await advance(1000);
      expect(h.save).toHaveBeenCalledTimes(1);
      expect(h.current()).toMatchObject({ status: 'saved', isDirty: false });
    });

    test('A14 G1 a save cut by hiding while saves are held is not made when shown; it is made once the hold ends', async () => {
      const h = mountHidable();
      h.show('visible', 'b');
      await advance(100);
      expect(h.save).toHaveBeenCalledTimes(1);
      h.show('visible', 'b', false); // held: the save in flight goes on (G1)
      h.show('hidden', 'b', false); // cut: aborted, reason disposed
      expect(h.call(0).ctx.signal.aborted).toBe(true);
      h.show('visible', 'b', false);
      await advance(1000);
      expect(h.save).toHaveBeenCalledTimes(1);
      expect(h.current()).toMatchObject({ isDirty: true });
      h.show('visible', 'b', true);
      await advance(100);
      expect(h.save).toHaveBeenCalledTimes(2);
      expect(h.call(1).value).toBe('b');
    });

    test('A14 G2 a save cut by hiding, then reset() to the stored copy while hidden: nothing is saved when shown', async () => {
      const h = mountHidable();
      h.show('visible', 'b');
      h.show('hidden', 'b');
      act(() => h.current().reset('stored'));
      h.show('visible', 'stored');
      await advance(1000);
      expect(h.save).not.toHaveBeenCalled();
      expect(h.current()).toMatchObject({ isDirty: false });
    });

    test('A14 with saveOnUnmount, shown again while the save made at hiding is in flight: that save is neither aborted nor made again, also when it fails', async () => {
      const h = mountHidable({ saveOnUnmount: true });
      h.show('visible', 'b');
      h.show('hidden', 'b');
      expect(h.save).toHaveBeenCalledTimes(1);
      h.show('visible', 'b');
      expect(h.call(0).ctx.signal.aborted).toBe(false);
      expect(h.current().status).toBe('saving');
      await settle(() => h.call(0).reject(new Error('down')));
      await advance(1000);
      expect(h.save).toHaveBeenCalledTimes(1); // A3: a failure is not retried without a change or a flush
      expect(h.current()).toMatchObject({ status: 'error', isDirty: true });
    });
  },
);
