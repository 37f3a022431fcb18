/** @vitest-environment jsdom */
import { describe, expect, test } from 'vitest';
import { advance, lifecycles, mountAutosave, settle, withFakeClock } from '../helpers/react';

withFakeClock();

type Form = { title: string; tags: string[]; due: Date };
const form = (title = 'a'): Form => ({ title, tags: ['x', 'y'], due: new Date(0) });

describe.each(lifecycles)('useAutosave defaults $name', ({ strict }) => {
  // Compared by Object.is, useAutosave(watch(), save, 800) with react-hook-form sent 12 requests in 10 s with
  // nobody typing: watch() is a new object on every render.
  test('A2 (amended) a new object with the same content on every render is not a change: no save, not dirty', async () => {
    const h = mountAutosave<Form, string>(form(), { strict, delay: 800 });
    for (let i = 0; i < 12; i++) {
      h.change(form());
      await advance(800);
    }
    expect(h.save).not.toHaveBeenCalled();
    expect(h.result.current).toMatchObject({ status: 'idle', isDirty: false });
    h.change(form('b'));
    expect(h.result.current).toMatchObject({ status: 'pending', isDirty: true });
    await advance(800);
    expect(h.save).toHaveBeenCalledTimes(1);
    await settle(() => h.call(0).resolve('ok'));
    h.change(form('b'));
    await advance(800);
    expect(h.save).toHaveBeenCalledTimes(1);
    expect(h.result.current).toMatchObject({ status: 'saved', isDirty: false });
  });

  test('A2 isEqual still overrides the default: Object.is makes a new object a change again', async () => {
    const h = mountAutosave<Form, string>(form(), { strict, delay: 800, options: { isEqual: Object.is } });
    h.change(form());
    await advance(800);
    expect(h.save).toHaveBeenCalledTimes(1);
  });

  // use-debounce calls its equalityFn (old, new); isEqual is called in the same order.
  test('A2 isEqual is called (older, newer): the baseline or last value seen first, the new value second', async () => {
    const pairs: [string, string][] = [];
    const h = mountAutosave<string, string>('a', {
      strict,
      delay: 100,
      options: { isEqual: (older, newer) => (pairs.push([older, newer]), older === newer) },
    });
    pairs.length = 0;
    h.change('b');
    expect(pairs.length).toBeGreaterThan(0);
    // every pair compares a value the hook held before ('a') with the one it was given since ('b')
    for (const pair of pairs) expect(pair).toEqual(['a', 'b']);
  });
});
