/** @vitest-environment jsdom */
import { describe, expect, test } from 'vitest';
import { advance, lifecycles, mountAutosave, settle, withFakeClock } from '../helpers/react';

withFakeClock();

// Issue 15.2: the status set after onSaved / onError overwrote the change the callback had made.
describe.each(lifecycles)('A9 cancel() from onSaved / onError $name', ({ strict }) => {
  test("A9 keepLatest: onSaved('b') calls cancel() while 'c' waits: cancelled, still dirty, 'c' not saved until the next change", async () => {
    let cancel = () => {};
    const h = mountAutosave<string, string>('a', {
      strict,
      delay: 100,
      options: { mode: 'keepLatest', onSaved: () => cancel() },
    });
    cancel = () => h.result.current.cancel();
    h.change('b');
    await advance(100);
    h.change('c');
    await advance(100);
    expect(h.save).toHaveBeenCalledTimes(1);
    await settle(() => h.call(0).resolve('ok b'));
    expect(h.result.current).toMatchObject({ status: 'cancelled', isDirty: true });
    await advance(1000);
    expect(h.save).toHaveBeenCalledTimes(1);
    h.change('d');
    await advance(100);
    expect(h.save).toHaveBeenCalledTimes(2);
    expect(h.call(1).value).toBe('d');
  });

  test('A9 restart: onSaved of a "Save now" calls cancel() while the next change waits: cancelled, still dirty', async () => {
    let cancel = () => {};
    const h = mountAutosave<string, string>('a', { strict, delay: 100, options: { onSaved: () => cancel() } });
    cancel = () => h.result.current.cancel();
    h.change('b');
    await settle(() => void h.result.current.flush());
    h.change('c'); // waits for the explicit save (P5)
    await advance(100);
    expect(h.save).toHaveBeenCalledTimes(1);
    await settle(() => h.call(0).resolve('ok b'));
    expect(h.result.current).toMatchObject({ status: 'cancelled', isDirty: true });
    await advance(1000);
    expect(h.save).toHaveBeenCalledTimes(1);
  });

  test('A9 onError calls cancel(): cancelled, no error, still dirty', async () => {
    let cancel = () => {};
    const h = mountAutosave<string, string>('a', { strict, delay: 100, options: { onError: () => cancel() } });
    cancel = () => h.result.current.cancel();
    h.change('b');
    await advance(100);
    await settle(() => h.call(0).reject(new Error('down')));
    // Nothing waits or runs when onError is called: cancel() changes nothing (A9), the status stays 'error'.
    expect(h.result.current).toMatchObject({ status: 'error', isDirty: true });
    h.change('c');
    await settle(() => void h.result.current.flush());
    h.change('d');
    await settle(() => h.call(1).reject(new Error('down')));
    expect(h.result.current).toMatchObject({ status: 'cancelled', error: undefined, isDirty: true });
    await advance(1000);
    expect(h.save).toHaveBeenCalledTimes(2);
  });
});
