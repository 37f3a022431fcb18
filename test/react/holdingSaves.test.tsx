/** @vitest-environment jsdom */
// Holding saves (G1) and moving the baseline without a save (G2). Every flow runs plainly and inside <StrictMode>,
// on React 18 and 19.
import { act } from '@testing-library/react';
import { describe, expect, test } from 'vitest';
import { advance, lifecycles, mountAutosave, settle, withFakeClock } from '../helpers/react';

const DELAY = 100;

withFakeClock();

describe.each(lifecycles)('holding saves ($name)', ({ strict }) => {
  test('G1 while `enabled` is false nothing is saved, the value stays dirty and pending, and flush() saves nothing', async () => {
    const a = mountAutosave('stored', { strict, delay: DELAY, options: { enabled: false } });
    a.change('invalid');
    await advance(DELAY * 5);
    expect(a.calls).toHaveLength(0);
    expect(a.result.current).toMatchObject({ status: 'pending', isDirty: true });
    expect(await act(() => a.result.current.flush())).toBeUndefined();
    expect(a.calls).toHaveLength(0);
  });

  test('G1 when `enabled` turns true the latest value is saved after the delay, without another change', async () => {
    const a = mountAutosave('stored', { strict, delay: DELAY, options: { enabled: false } });
    a.change('a');
    a.change('ab');
    a.update({ options: { enabled: true } });
    await advance(DELAY - 1);
    expect(a.calls).toHaveLength(0);
    await advance(1);
    expect(a.calls.map((c) => c.value)).toEqual(['ab']);
    await settle(() => a.call(0).resolve('ok'));
    expect(a.result.current).toMatchObject({ status: 'saved', isDirty: false });
  });

  test('G1 a save pending when `enabled` turns false is dropped; one in flight finishes', async () => {
    const a = mountAutosave('stored', { strict, delay: DELAY, options: { enabled: true } });
    a.change('first');
    await advance(DELAY);
    a.change('second');
    a.update({ value: 'second', options: { enabled: false } });
    await advance(DELAY * 3);
    expect(a.calls.map((c) => c.value)).toEqual(['first']);
    expect(a.call(0).ctx.signal.aborted).toBe(true);
    expect(a.result.current.status).toBe('pending');
  });

  test('G1 a save in flight when `enabled` turns false and back, with no change, is not aborted nor made again: the value is saved', async () => {
    const a = mountAutosave('stored', { strict, delay: DELAY, options: { enabled: true } });
    a.change('typed');
    await advance(DELAY);
    expect(a.result.current.status).toBe('saving');
    a.update({ options: { enabled: false } });
    expect(a.call(0).ctx.signal.aborted).toBe(false);
    // the hold ends while that save is still in flight: it is left to finish, not made again
    a.update({ options: { enabled: true } });
    await advance(DELAY * 3);
    expect(a.call(0).ctx.signal.aborted).toBe(false);
    await settle(() => a.call(0).resolve('ok'));
    expect(a.calls).toHaveLength(1);
    expect(a.result.current).toMatchObject({ status: 'saved', isDirty: false });
  });

  test('G1 a value changed while held, with the save of an older value in flight, is saved once the hold ends (restart: it supersedes that save)', async () => {
    const a = mountAutosave('stored', { strict, delay: DELAY, options: { enabled: true } });
    a.change('a');
    await advance(DELAY);
    a.update({ options: { enabled: false } });
    a.change('ab');
    a.update({ options: { enabled: true } });
    await advance(DELAY * 3);
    await settle(() => a.call(0).resolve('ok'));
    await advance(DELAY * 3);
    expect(a.calls.map((c) => c.value)).toEqual(['a', 'ab']);
    await settle(() => a.call(1).resolve('ok'));
    expect(a.result.current).toMatchObject({ status: 'saved', isDirty: false });
  });

  test('G1 keepLatest: a value changed while held waits behind the save in flight once the hold ends, then is saved', async () => {
    const a = mountAutosave('stored', { strict, delay: DELAY, options: { enabled: true, mode: 'keepLatest' } });
    a.change('a');
    await advance(DELAY);
    a.update({ options: { enabled: false, mode: 'keepLatest' } });
    a.change('ab');
    a.update({ options: { enabled: true, mode: 'keepLatest' } });
    await advance(DELAY * 3);
    expect(a.call(0).ctx.signal.aborted).toBe(false);
    await settle(() => a.call(0).resolve('ok'));
    await advance(DELAY * 3);
    expect(a.calls.map((c) => c.value)).toEqual(['a', 'ab']);
    await settle(() => a.call(1).resolve('ok'));
    expect(a.result.current).toMatchObject({ status: 'saved', isDirty: false });
  });

  test('G2 reset(value) moves the baseline without a save: a pending save is dropped and the value is clean', async () => {
    const a = mountAutosave('loading…', { strict, delay: DELAY });
    a.change('typed while loading');
    act(() => a.result.current.reset('loaded'));
    a.change('loaded');
    await advance(DELAY * 3);
    expect(a.calls).toHaveLength(0);
    expect(a.result.current).toMatchObject({ status: 'idle', isDirty: false });
    a.change('loaded, then edited');
    await advance(DELAY);
    expect(a.calls.map((c) => c.value)).toEqual(['loaded, then edited']);
  });

  test('G2 G1 a value shown that differs from the one reset to is dirty, and is saved once a hold ends', async () => {
    const a = mountAutosave('stored', { strict, delay: DELAY, options: { enabled: true } });
    a.change('shown');
    act(() => a.result.current.reset('elsewhere')); // the app reset to a value it does not show
    expect(a.result.current).toMatchObject({ isDirty: true });
    await advance(DELAY * 3);
    expect(a.calls).toHaveLength(0); // reset dropped the pending save; nothing changed since
    a.update({ options: { enabled: false } });
    a.update({ options: { enabled: true } });
    await advance(DELAY);
    expect(a.calls.map((c) => c.value)).toEqual(['shown']);
  });

  test('G2 reset() during a save aborts it, and the value reset to is not saved', async () => {
    const a = mountAutosave('v1', { strict, delay: DELAY });
    a.change('v2');
    await advance(DELAY);
    act(() => a.result.current.reset('v3 from the server'));
    a.change('v3 from the server');
    expect(a.call(0).ctx.signal.aborted).toBe(true);
    await advance(DELAY * 3);
    expect(a.calls).toHaveLength(1);
    expect(a.result.current.isDirty).toBe(false);
  });
});
