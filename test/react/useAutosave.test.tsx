/** @vitest-environment jsdom */
import { act, renderHook } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { type Outcome, type TaskContext, useAutosave } from '../../src/index';
import {
  abortReasonOf,
  advance,
  lifecycles,
  mountAutosave,
  realMacrotask,
  settle,
  withFakeClock,
} from '../helpers/react';
import { useLayoutEffect } from 'react';

const START = new Date('2024-01-01T00:00:00.000Z').getTime();

withFakeClock(START);

describe.each(lifecycles)('useAutosave $name', ({ strict }) => {
  /** a string autosave with the default delay (1000 ms) unless given */
  const mount = (initial = 'a', config: Omit<Parameters<typeof mountAutosave<string, string>>[1], 'strict'> = {}) =>
    mountAutosave<string, string>(initial, { strict, ...config });

  describe('A1 first value', () => {
    test('A1 the first render value is the baseline: idle, not dirty, never saved', async () => {
      const h = mount('a', { delay: 100 });
      expect(h.result.current).toMatchObject({
        status: 'idle',
        isDirty: false,
        error: undefined,
        lastSavedAt: undefined,
      });
      expect(vi.getTimerCount()).toBe(0);
      await advance(10_000);
      expect(h.save).not.toHaveBeenCalled();
      expect(h.result.current.status).toBe('idle');
      expect(h.result.current.isDirty).toBe(false);
    });

    test('A1 re-rendering with the first value again (or an equal one by isEqual) schedules nothing', async () => {
      const h = mountAutosave<{ id: number }, string>(
        { id: 1 },
        { strict, delay: 100, options: { isEqual: (x, y) => x.id === y.id } },
      );
      h.change({ id: 1 });
      h.change({ id: 1 });
      expect(h.result.current).toMatchObject({ status: 'idle', isDirty: false });
      expect(vi.getTimerCount()).toBe(0);
      await advance(1000);
      expect(h.save).not.toHaveBeenCalled();
    });
  });

  describe('A2 scheduling', () => {
    test('A2 a changed value is pending and dirty, then save(value, ctx) runs after the delay', async () => {
      const h = mount('a', { delay: 300 });
      h.change('b');
      expect(h.result.current).toMatchObject({ status: 'pending', isDirty: true });
      await advance(299);
      expect(h.save).not.toHaveBeenCalled();
      await advance(1);
      expect(h.save).toHaveBeenCalledTimes(1);
      const { value, ctx } = h.call(0);
      expect(value).toBe('b');
      expect(ctx.signal).toBeInstanceOf(AbortSignal);
      expect(ctx.signal.aborted).toBe(false);
      expect(typeof ctx.seq).toBe('number');
      expect(ctx.previous).toBeUndefined();
    });

    test('A2 changes within the delay restart the timer and save runs once with the latest value', async () => {
      const h = mount('a', { delay: 1000 });
      h.change('b');
      await advance(600);
      h.change('c');
      await advance(600);
      h.change('d');
      await advance(999);
      expect(h.save).not.toHaveBeenCalled();
      expect(h.result.current.status).toBe('pending');
      await advance(1);
      expect(h.save).toHaveBeenCalledTimes(1);
      expect(h.call(0).value).toBe('d');
      await advance(5000);
      expect(h.save).toHaveBeenCalledTimes(1);
    });

    test('A2 the delay defaults to 1000 ms', async () => {
      const h = mount('a');
      h.change('b');
      await advance(999);
      expect(h.save).not.toHaveBeenCalled();
      await advance(1);
      expect(h.save).toHaveBeenCalledTimes(1);
    });

    test('A2 changes are measured with isEqual: equal is no change, different schedules', async () => {
      type Doc = { id: number; loadedAt: number };
      const h = mountAutosave<Doc, string>(
        { id: 1, loadedAt: 0 },
        { strict, delay: 100, options: { isEqual: (x, y) => x.id === y.id } },
      );
      h.change({ id: 1, loadedAt: 5 });
      expect(h.result.current).toMatchObject({ status: 'idle', isDirty: false });
      await advance(500);
      expect(h.save).not.toHaveBeenCalled();
      h.change({ id: 2, loadedAt: 5 });
      expect(h.result.current).toMatchObject({ status: 'pending', isDirty: true });
      await advance(100);
      expect(h.save).toHaveBeenCalledTimes(1);
      expect(h.call(0).value).toEqual({ id: 2, loadedAt: 5 });
    });

    // A2 amended (docs/contract.md#a2): the default isEqual was Object.is, and a form library's new object per render saved without end.
    test('A2 without isEqual, a new object with the same contents is not a change, one with other contents is (isDeepEqual)', async () => {
      const h = mountAutosave<{ id: number }, string>({ id: 1 }, { strict, delay: 100 });
      h.change({ id: 1 });
      expect(h.result.current.status).toBe('idle');
      await advance(100);
      expect(h.save).not.toHaveBeenCalled();
      h.change({ id: 2 });
      expect(h.result.current.status).toBe('pending');
      await advance(100);
      expect(h.save).toHaveBeenCalledTimes(1);
    });
  });

  describe('A3 saving, saved, error', () => {
    test('A3 saving while save runs; on success saved, not dirty, lastSavedAt set, onSaved(value, result)', async () => {
      const onSaved = vi.fn();
      const onError = vi.fn();
      const h = mount('a', { delay: 100, options: { onSaved, onError } });
      h.change('b');
      await advance(100);
      expect(h.result.current).toMatchObject({ status: 'saving', isDirty: true, lastSavedAt: undefined });
      await advance(400);
      expect(h.result.current.status).toBe('saving');
      const savedAt = Date.now();
      expect(savedAt).toBe(START + 500);
      await settle(() => h.call(0).resolve('rev-1'));
      expect(h.result.current).toMatchObject({
        status: 'saved',
        isDirty: false,
        error: undefined,
        lastSavedAt: savedAt,
      });
      expect(onSaved).toHaveBeenCalledTimes(1);
      expect(onSaved).toHaveBeenCalledWith('b', 'rev-1');
      expect(onError).not.toHaveBeenCalled();
      expect(vi.getTimerCount()).toBe(0);
    });

    test('A3 the saved value becomes the baseline: the first value is now a change, and ctx.previous is the last result', async () => {
      const h = mount('a', { delay: 100 });
      h.change('b');
      await advance(100);
      await settle(() => h.call(0).resolve('rev-1'));
      h.change('a');
      expect(h.result.current).toMatchObject({ status: 'pending', isDirty: true });
      await advance(100);
      expect(h.call(1).value).toBe('a');
      expect(h.call(1).ctx.previous).toBe('rev-1');
      await advance(50);
      await settle(() => h.call(1).resolve('rev-2'));
      expect(h.result.current).toMatchObject({ status: 'saved', isDirty: false, lastSavedAt: START + 250 });
    });

    test('A3 on failure: error, error set, still dirty, lastSavedAt unchanged, onError(error, value)', async () => {
      const onSaved = vi.fn();
      const onError = vi.fn();
      const h = mount('a', { delay: 100, options: { onSaved, onError } });
      h.change('b');
      await advance(100);
      await settle(() => h.call(0).resolve('rev-1'));
      const firstSavedAt = h.result.current.lastSavedAt;
      h.change('c');
      await advance(100);
      const boom = new Error('offline');
      await settle(() => h.call(1).reject(boom));
      expect(h.result.current).toMatchObject({
        status: 'error',
        error: boom,
        isDirty: true,
        lastSavedAt: firstSavedAt,
      });
      expect(onError).toHaveBeenCalledTimes(1);
      expect(onError).toHaveBeenCalledWith(boom, 'c');
      expect(onSaved).toHaveBeenCalledTimes(1);
      expect(vi.getTimerCount()).toBe(0);
    });

    test('A3 the error is cleared once the next save starts, and set to saved when it succeeds', async () => {
      const h = mount('a', { delay: 100 });
      h.change('b');
      await advance(100);
      await settle(() => h.call(0).reject(new Error('x')));
      h.change('c');
      expect(h.result.current).toMatchObject({ status: 'pending', error: undefined });
      await advance(100);
      expect(h.result.current).toMatchObject({ status: 'saving', error: undefined });
      await settle(() => h.call(1).resolve('ok'));
      expect(h.result.current).toMatchObject({ status: 'saved', error: undefined, isDirty: false });
    });
  });

  describe('A4 a change while saving', () => {
    test('A4 restart: a change while saving aborts the in-flight save (reason superseded) and goes pending', async () => {
      const h = mount('a', { delay: 100 });
      h.change('b');
      await advance(100);
      const first = h.call(0);
      h.change('c');
      expect(first.ctx.signal.aborted).toBe(true);
      expect(abortReasonOf(first.ctx.signal)).toMatchObject({ isDOMException: true, name: 'AbortError' });
      expect(abortReasonOf(first.ctx.signal).message).toContain('superseded');
      expect(h.result.current).toMatchObject({ status: 'pending', isDirty: true });
      await advance(99);
      expect(h.save).toHaveBeenCalledTimes(1);
      await advance(1);
      expect(h.save).toHaveBeenCalledTimes(2);
      expect(h.call(1).value).toBe('c');
      await settle(() => h.call(1).resolve('rev-c'));
      expect(h.result.current).toMatchObject({ status: 'saved', isDirty: false });
    });

    test('A4 restart: the aborted save resolving after the newer one (out of order) changes nothing', async () => {
      const onSaved = vi.fn();
      const h = mount('a', { delay: 100, options: { onSaved } });
      h.change('b');
      await advance(100);
      h.change('c');
      await advance(100);
      await settle(() => h.call(1).resolve('rev-c'));
      const after = h.result.current;
      await advance(30);
      await settle(() => h.call(0).resolve('rev-b'));
      expect(h.result.current).toMatchObject({ status: 'saved', isDirty: false, lastSavedAt: after.lastSavedAt });
      expect(onSaved).toHaveBeenCalledTimes(1);
      expect(onSaved).toHaveBeenCalledWith('c', 'rev-c');
    });

    test('A4 restart: the aborted save settling before the newer one starts changes nothing', async () => {
      const onSaved = vi.fn();
      const onError = vi.fn();
      const h = mount('a', { delay: 100, options: { onSaved, onError } });
      h.change('b');
      await advance(100);
      h.change('c');
      await settle(() => h.call(0).resolve('rev-b'));
      expect(h.result.current).toMatchObject({ status: 'pending', isDirty: true, lastSavedAt: undefined });
      await advance(100);
      expect(h.result.current.status).toBe('saving');
      h.change('d');
      await settle(() => h.call(1).reject(new Error('aborted late')));
      expect(h.result.current).toMatchObject({ status: 'pending', error: undefined });
      expect(onSaved).not.toHaveBeenCalled();
      expect(onError).not.toHaveBeenCalled();
      await advance(100);
      await settle(() => h.call(2).resolve('rev-d'));
      expect(onSaved).toHaveBeenCalledTimes(1);
      expect(onSaved).toHaveBeenCalledWith('d', 'rev-d');
      expect(h.calls.map((c) => c.value)).toEqual(['b', 'c', 'd']);
    });

    test('A4 keepLatest: the in-flight save finishes first and then only the latest value is saved', async () => {
      const onSaved = vi.fn();
      const h = mount('a', { delay: 100, options: { mode: 'keepLatest', onSaved } });
      h.change('b');
      await advance(100);
      const first = h.call(0);
      h.change('c');
      await advance(50);
      h.change('d');
      expect(first.ctx.signal.aborted).toBe(false);
      expect(h.result.current).toMatchObject({ status: 'saving', isDirty: true });
      await advance(1000);
      expect(h.save).toHaveBeenCalledTimes(1);
      await settle(() => first.resolve('rev-b'));
      expect(onSaved).toHaveBeenCalledWith('b', 'rev-b');
      expect(h.save).toHaveBeenCalledTimes(2);
      expect(h.call(1).value).toBe('d');
      expect(h.call(1).ctx.previous).toBe('rev-b');
      expect(h.result.current).toMatchObject({ status: 'saving', isDirty: true });
      await settle(() => h.call(1).resolve('rev-d'));
      expect(h.result.current).toMatchObject({ status: 'saved', isDirty: false });
      expect(onSaved).toHaveBeenLastCalledWith('d', 'rev-d');
      expect(h.calls.map((c) => c.value)).toEqual(['b', 'd']);
    });

    test('A4 keepLatest: when the in-flight save ends before the new delay is over, the latest is pending until then', async () => {
      const h = mount('a', { delay: 100, options: { mode: 'keepLatest' } });
      h.change('b');
      await advance(100);
      h.change('c');
      await advance(40);
      await settle(() => h.call(0).resolve('rev-b'));
      expect(h.result.current).toMatchObject({ status: 'pending', isDirty: true });
      await advance(59);
      expect(h.save).toHaveBeenCalledTimes(1);
      await advance(1);
      expect(h.save).toHaveBeenCalledTimes(2);
      expect(h.call(1).value).toBe('c');
      expect(h.result.current.status).toBe('saving');
    });

    test('A4 keepLatest: a failing in-flight save is still followed by the latest value', async () => {
      const onError = vi.fn();
      const h = mount('a', { delay: 100, options: { mode: 'keepLatest', onError } });
      h.change('b');
      await advance(100);
      h.change('c');
      await advance(100);
      const boom = new Error('b failed');
      await settle(() => h.call(0).reject(boom));
      expect(onError).toHaveBeenCalledWith(boom, 'b');
      expect(h.save).toHaveBeenCalledTimes(2);
      expect(h.call(1).value).toBe('c');
      await settle(() => h.call(1).resolve('rev-c'));
      expect(h.result.current).toMatchObject({ status: 'saved', isDirty: false, error: undefined });
    });
  });

  describe('A5 the baseline', () => {
    test('A5 back to the baseline while only pending, nothing saved before: no save, idle, not dirty', async () => {
      const h = mount('a', { delay: 100 });
      h.change('b');
      await advance(50);
      h.change('a');
      expect(h.result.current).toMatchObject({ status: 'idle', isDirty: false });
      expect(vi.getTimerCount()).toBe(0);
      await advance(1000);
      expect(h.save).not.toHaveBeenCalled();
    });

    test('A5 back to the baseline while only pending after a save: no save, saved, lastSavedAt unchanged', async () => {
      const h = mount('a', { delay: 100 });
      h.change('b');
      await advance(100);
      await settle(() => h.call(0).resolve('rev-b'));
      const savedAt = h.result.current.lastSavedAt;
      expect(savedAt).toBe(START + 100);
      await advance(500);
      h.change('c');
      h.change('d');
      expect(h.result.current.status).toBe('pending');
      h.change('b');
      expect(h.result.current).toMatchObject({ status: 'saved', isDirty: false, lastSavedAt: savedAt });
      await advance(1000);
      expect(h.save).toHaveBeenCalledTimes(1);
    });

    test('A5 after an aborted save, every value is dirty: changing back to the baseline saves it again', async () => {
      const h = mount('a', { delay: 100 });
      h.change('b');
      await advance(100);
      h.change('a');
      expect(h.call(0).ctx.signal.aborted).toBe(true);
      expect(h.result.current).toMatchObject({ status: 'pending', isDirty: true });
      await advance(100);
      expect(h.save).toHaveBeenCalledTimes(2);
      expect(h.call(1).value).toBe('a');
      await settle(() => h.call(1).resolve('rev-a'));
      expect(h.result.current).toMatchObject({ status: 'saved', isDirty: false });
    });

    test('A5 after a failed save, changing back to the baseline saves it again', async () => {
      const h = mount('a', { delay: 100 });
      h.change('b');
      await advance(100);
      await settle(() => h.call(0).reject(new Error('maybe reached the server')));
      h.change('a');
      expect(h.result.current).toMatchObject({ status: 'pending', isDirty: true });
      await advance(100);
      expect(h.call(1).value).toBe('a');
    });

    test('A5 after a save was cancelled in flight, changing back to the baseline saves it again', async () => {
      const h = mount('a', { delay: 100 });
      h.change('b');
      await advance(100);
      act(() => h.result.current.cancel());
      h.change('a');
      expect(h.result.current).toMatchObject({ status: 'pending', isDirty: true });
      await advance(100);
      expect(h.call(1).value).toBe('a');
    });

    test('A5 once the latest save succeeded, the baseline is trusted again', async () => {
      const h = mount('a', { delay: 100 });
      h.change('b');
      await advance(100);
      h.change('c');
      await advance(100);
      await settle(() => h.call(1).resolve('rev-c'));
      h.change('x');
      h.change('c');
      expect(h.result.current).toMatchObject({ status: 'saved', isDirty: false });
      await advance(1000);
      expect(h.save).toHaveBeenCalledTimes(2);
    });

    test('A5 a value whose save was aborted is never the baseline, even if that save resolves later', async () => {
      const h = mount('a', { delay: 100 });
      h.change('b');
      await advance(100);
      h.change('c');
      await advance(100);
      await settle(() => h.call(1).resolve('rev-c'));
      await settle(() => h.call(0).resolve('rev-b'));
      h.change('b');
      expect(h.result.current).toMatchObject({ status: 'pending', isDirty: true });
      await advance(100);
      expect(h.call(2).value).toBe('b');
    });

    test('A5 a value whose save failed is never the baseline: it stays dirty and flush() saves it', async () => {
      const h = mount('a', { delay: 100 });
      h.change('b');
      await advance(100);
      await settle(() => h.call(0).reject(new Error('x')));
      expect(h.result.current.isDirty).toBe(true);
      let flushed!: Promise<Outcome<string> | undefined>;
      act(() => {
        flushed = h.result.current.flush();
      });
      expect(h.save).toHaveBeenCalledTimes(2);
      expect(h.call(1).value).toBe('b');
      await settle(() => h.call(1).resolve('rev-b'));
      await expect(flushed).resolves.toEqual({ status: 'done', value: 'rev-b' });
    });

    test('A5 keepLatest: after the in-flight save succeeds, going back to its value drops the pending save', async () => {
      const h = mount('a', { delay: 100, options: { mode: 'keepLatest' } });
      h.change('b');
      await advance(100);
      h.change('c');
      await settle(() => h.call(0).resolve('rev-b'));
      expect(h.result.current.status).toBe('pending');
      h.change('b');
      expect(h.result.current).toMatchObject({ status: 'saved', isDirty: false });
      await advance(1000);
      expect(h.save).toHaveBeenCalledTimes(1);
    });

    test('A5 keepLatest: going back to the old baseline while another value is saving saves it after that', async () => {
      const h = mount('a', { delay: 100, options: { mode: 'keepLatest' } });
      h.change('b');
      await advance(100);
      h.change('a');
      expect(h.result.current).toMatchObject({ status: 'saving', isDirty: true });
      await advance(100);
      await settle(() => h.call(0).resolve('rev-b'));
      expect(h.calls.map((c) => c.value)).toEqual(['b', 'a']);
    });
  });

  describe('A6 identities', () => {
    test('A6 a new save, onSaved, onError or isEqual identity alone never schedules a save', async () => {
      const h = mount('a', { delay: 100 });
      const other = vi.fn(async () => 'other');
      h.update({ save: other });
      h.update({ options: { onSaved: () => {}, onError: () => {}, isEqual: (x, y) => x === y } });
      h.update({ save: vi.fn(async () => 'third'), options: { onSaved: () => {} } });
      expect(h.result.current).toMatchObject({ status: 'idle', isDirty: false });
      expect(vi.getTimerCount()).toBe(0);
      await advance(1000);
      expect(h.save).not.toHaveBeenCalled();
      expect(other).not.toHaveBeenCalled();
    });

    test('A6 a new save identity after a save does not save again', async () => {
      const h = mount('a', { delay: 100 });
      h.change('b');
      await advance(100);
      await settle(() => h.call(0).resolve('rev-b'));
      const other = vi.fn(async () => 'other');
      h.update({ save: other });
      await advance(1000);
      expect(other).not.toHaveBeenCalled();
      expect(h.result.current.status).toBe('saved');
    });

    test('A6 the latest save is the one called', async () => {
      const h = mount('a', { delay: 100 });
      h.change('b');
      await advance(50);
      const latest = vi.fn(async (v: string) => `latest:${v}`);
      h.update({ save: latest });
      await advance(50);
      expect(h.save).not.toHaveBeenCalled();
      expect(latest).toHaveBeenCalledTimes(1);
      expect(latest.mock.calls[0]?.[0]).toBe('b');
      await advance(0);
      expect(h.result.current.status).toBe('saved');
    });

    test('A6 the latest onSaved and onError are the ones called', async () => {
      const firstSaved = vi.fn();
      const firstError = vi.fn();
      const h = mount('a', { delay: 100, options: { onSaved: firstSaved, onError: firstError } });
      h.change('b');
      await advance(100);
      const latestSaved = vi.fn();
      const latestError = vi.fn();
      h.update({ options: { onSaved: latestSaved, onError: latestError } });
      await settle(() => h.call(0).resolve('rev-b'));
      expect(latestSaved).toHaveBeenCalledWith('b', 'rev-b');
      expect(firstSaved).not.toHaveBeenCalled();
      h.change('c');
      await advance(100);
      const lastError = vi.fn();
      h.update({ options: { onSaved: latestSaved, onError: lastError } });
      const boom = new Error('x');
      await settle(() => h.call(1).reject(boom));
      expect(lastError).toHaveBeenCalledWith(boom, 'c');
      expect(latestError).not.toHaveBeenCalled();
      expect(firstError).not.toHaveBeenCalled();
    });
  });

  describe('A7 unmount', () => {
    test('A7 unmount drops the pending save: never called, no timer, no render afterwards', async () => {
      const h = mount('a', { delay: 100 });
      h.change('b');
      h.unmount();
      const renders = h.renders();
      expect(vi.getTimerCount()).toBe(0);
      await advance(1000);
      expect(h.save).not.toHaveBeenCalled();
      expect(h.renders()).toBe(renders);
    });

    test('A7 unmount aborts the in-flight save (reason disposed); its late result calls nothing and renders nothing', async () => {
      const onSaved = vi.fn();
      const onError = vi.fn();
      const h = mount('a', { delay: 100, options: { onSaved, onError } });
      h.change('b');
      await advance(100);
      const { signal } = h.call(0).ctx;
      h.unmount();
      const renders = h.renders();
      expect(signal.aborted).toBe(true);
      expect(abortReasonOf(signal)).toMatchObject({ isDOMException: true, name: 'AbortError' });
      expect(abortReasonOf(signal).message).toContain('disposed');
      await settle(() => h.call(0).resolve('rev-b'));
      await advance(1000);
      expect(onSaved).not.toHaveBeenCalled();
      expect(onError).not.toHaveBeenCalled();
      expect(h.renders()).toBe(renders);
      expect(vi.getTimerCount()).toBe(0);
    });

    test('A7 saveOnUnmount (restart): a pending dirty value is saved at once on unmount; onSaved called, no render', async () => {
      const onSaved = vi.fn();
      const h = mount('a', { delay: 1000, options: { saveOnUnmount: true, onSaved } });
      h.change('b');
      await advance(10);
      h.unmount();
      const renders = h.renders();
      expect(h.save).toHaveBeenCalledTimes(1);
      expect(h.call(0).value).toBe('b');
      expect(h.call(0).ctx.signal.aborted).toBe(false);
      await settle(() => h.call(0).resolve('rev-b'));
      expect(onSaved).toHaveBeenCalledWith('b', 'rev-b');
      expect(h.renders()).toBe(renders);
      await advance(5000);
      expect(h.save).toHaveBeenCalledTimes(1);
      expect(vi.getTimerCount()).toBe(0);
    });

    test('A7 saveOnUnmount (restart): the latest value is saved at once, the older in-flight save stays aborted', async () => {
      const onSaved = vi.fn();
      const h = mount('a', { delay: 1000, options: { saveOnUnmount: true, onSaved } });
      h.change('b');
      await advance(1000);
      h.change('c');
      h.unmount();
      expect(h.call(0).ctx.signal.aborted).toBe(true);
      expect(h.save).toHaveBeenCalledTimes(2);
      expect(h.call(1).value).toBe('c');
      expect(h.call(1).ctx.signal.aborted).toBe(false);
      await settle(() => h.call(0).resolve('rev-b'));
      await settle(() => h.call(1).resolve('rev-c'));
      expect(onSaved).toHaveBeenCalledTimes(1);
      expect(onSaved).toHaveBeenCalledWith('c', 'rev-c');
    });

    test.each(['restart', 'keepLatest'] as const)(
      'A7 saveOnUnmount (%s): an in-flight save of the latest value is left to finish',
      async (mode) => {
        const onSaved = vi.fn();
        const h = mount('a', { delay: 100, options: { saveOnUnmount: true, mode, onSaved } });
        h.change('b');
        await advance(100);
        const renders = h.renders();
        h.unmount();
        expect(h.call(0).ctx.signal.aborted).toBe(false);
        expect(h.save).toHaveBeenCalledTimes(1);
        await advance(500);
        await settle(() => h.call(0).resolve('rev-b'));
        expect(onSaved).toHaveBeenCalledWith('b', 'rev-b');
        expect(h.save).toHaveBeenCalledTimes(1);
        expect(h.renders()).toBe(renders);
        expect(vi.getTimerCount()).toBe(0);
      },
    );

    test('A7 saveOnUnmount (keepLatest): the dirty latest value is saved as soon as the in-flight save settles', async () => {
      const onSaved = vi.fn();
      const h = mount('a', { delay: 1000, options: { saveOnUnmount: true, mode: 'keepLatest', onSaved } });
      h.change('b');
      await advance(1000);
      h.change('c');
      h.unmount();
      expect(h.call(0).ctx.signal.aborted).toBe(false);
      expect(h.save).toHaveBeenCalledTimes(1);
      await settle(() => h.call(0).resolve('rev-b'));
      // no waiting for the delay: the unmount flushed it
      expect(h.save).toHaveBeenCalledTimes(2);
      expect(h.call(1).value).toBe('c');
      await settle(() => h.call(1).resolve('rev-c'));
      expect(onSaved.mock.calls).toEqual([
        ['b', 'rev-b'],
        ['c', 'rev-c'],
      ]);
      expect(vi.getTimerCount()).toBe(0);
    });

    test.each(['restart', 'keepLatest'] as const)(
      'A7 saveOnUnmount (%s): onError is called for a save that fails after unmount, with no render',
      async (mode) => {
        const onError = vi.fn();
        const h = mount('a', { delay: 100, options: { saveOnUnmount: true, mode, onError } });
        h.change('b');
        h.unmount();
        const renders = h.renders();
        expect(h.save).toHaveBeenCalledTimes(1);
        const boom = new Error('offline');
        await settle(() => h.call(0).reject(boom));
        expect(onError).toHaveBeenCalledWith(boom, 'b');
        expect(h.renders()).toBe(renders);
      },
    );

    test.each(['restart', 'keepLatest'] as const)(
      'A7 saveOnUnmount (%s): with nothing dirty, unmount saves nothing and leaves no timer',
      async (mode) => {
        const h = mount('a', { delay: 100, options: { saveOnUnmount: true, mode } });
        h.change('b');
        await advance(100);
        await settle(() => h.call(0).resolve('rev-b'));
        h.unmount();
        expect(vi.getTimerCount()).toBe(0);
        await advance(1000);
        expect(h.save).toHaveBeenCalledTimes(1);
      },
    );

    test('A7 saveOnUnmount: a value that failed to save is saved again on unmount', async () => {
      const onSaved = vi.fn();
      const h = mount('a', { delay: 100, options: { saveOnUnmount: true, onSaved } });
      h.change('b');
      await advance(100);
      await settle(() => h.call(0).reject(new Error('x')));
      h.unmount();
      expect(h.save).toHaveBeenCalledTimes(2);
      expect(h.call(1).value).toBe('b');
      await settle(() => h.call(1).resolve('rev-b'));
      expect(onSaved).toHaveBeenCalledWith('b', 'rev-b');
    });

    test('A7 saveOnUnmount can be switched on after mount (the latest option counts)', async () => {
      const h = mount('a', { delay: 100 });
      h.change('b');
      h.update({ options: { saveOnUnmount: true } });
      h.unmount();
      expect(h.save).toHaveBeenCalledTimes(1);
      expect(h.call(0).value).toBe('b');
    });

    test('A7 keepLatest without saveOnUnmount: unmount aborts the in-flight save and drops the waiting one', async () => {
      const h = mount('a', { delay: 100, options: { mode: 'keepLatest' } });
      h.change('b');
      await advance(100);
      h.change('c');
      h.unmount();
      expect(h.call(0).ctx.signal.aborted).toBe(true);
      await settle(() => h.call(0).resolve('rev-b'));
      await advance(1000);
      expect(h.save).toHaveBeenCalledTimes(1);
      expect(vi.getTimerCount()).toBe(0);
    });
  });

  describe('A8 flush()', () => {
    test('A8 flush() saves a dirty pending value now and resolves that save’s outcome', async () => {
      const h = mount('a', { delay: 10_000 });
      h.change('b');
      let flushed!: Promise<Outcome<string> | undefined>;
      act(() => {
        flushed = h.result.current.flush();
        expect(h.save).toHaveBeenCalledTimes(1);
      });
      expect(h.call(0).value).toBe('b');
      expect(h.result.current.status).toBe('saving');
      await settle(() => h.call(0).resolve('rev-b'));
      await expect(flushed).resolves.toEqual({ status: 'done', value: 'rev-b' });
      expect(h.result.current).toMatchObject({ status: 'saved', isDirty: false });
      expect(vi.getTimerCount()).toBe(0);
      await advance(20_000);
      expect(h.save).toHaveBeenCalledTimes(1);
    });

    test('A8 flush() while the latest value is being saved returns that save’s promise without another call', async () => {
      const h = mount('a', { delay: 100 });
      h.change('b');
      let first!: Promise<Outcome<string> | undefined>;
      let second!: Promise<Outcome<string> | undefined>;
      act(() => {
        first = h.result.current.flush();
      });
      act(() => {
        second = h.result.current.flush();
      });
      expect(second).toBe(first);
      expect(h.save).toHaveBeenCalledTimes(1);
      await settle(() => h.call(0).resolve('rev-b'));
      await expect(second).resolves.toEqual({ status: 'done', value: 'rev-b' });
    });

    test('A8 flush() during a save started by the timer resolves with that save’s outcome', async () => {
      const h = mount('a', { delay: 100 });
      h.change('b');
      await advance(100);
      let flushed!: Promise<Outcome<string> | undefined>;
      act(() => {
        flushed = h.result.current.flush();
      });
      expect(h.save).toHaveBeenCalledTimes(1);
      const boom = new Error('x');
      await settle(() => h.call(0).reject(boom));
      await expect(flushed).resolves.toEqual({ status: 'error', error: boom });
    });

    test('A8 flush() with nothing to save resolves undefined and calls nothing (first value, after a save, back at baseline)', async () => {
      const h = mount('a', { delay: 100 });
      await expect(h.result.current.flush()).resolves.toBeUndefined();
      h.change('b');
      h.change('a');
      await expect(h.result.current.flush()).resolves.toBeUndefined();
      h.change('b');
      await advance(100);
      await settle(() => h.call(0).resolve('rev-b'));
      let flushed!: Promise<Outcome<string> | undefined>;
      act(() => {
        flushed = h.result.current.flush();
      });
      await expect(flushed).resolves.toBeUndefined();
      expect(h.save).toHaveBeenCalledTimes(1);
      expect(h.result.current.status).toBe('saved');
    });

    test('A8 flush() after an error saves the latest value again', async () => {
      const h = mount('a', { delay: 100 });
      h.change('b');
      await advance(100);
      await settle(() => h.call(0).reject(new Error('x')));
      let flushed!: Promise<Outcome<string> | undefined>;
      act(() => {
        flushed = h.result.current.flush();
      });
      expect(h.save).toHaveBeenCalledTimes(2);
      expect(h.call(1).value).toBe('b');
      expect(h.result.current.status).toBe('saving');
      await settle(() => h.call(1).resolve('rev-b'));
      await expect(flushed).resolves.toEqual({ status: 'done', value: 'rev-b' });
      expect(h.result.current).toMatchObject({ status: 'saved', isDirty: false });
    });

    test('A8 flush() after cancelling a pending save saves the latest value', async () => {
      const h = mount('a', { delay: 100 });
      h.change('b');
      act(() => h.result.current.cancel());
      let flushed!: Promise<Outcome<string> | undefined>;
      act(() => {
        flushed = h.result.current.flush();
      });
      expect(h.save).toHaveBeenCalledTimes(1);
      expect(h.call(0).value).toBe('b');
      await settle(() => h.call(0).resolve('rev-b'));
      await expect(flushed).resolves.toEqual({ status: 'done', value: 'rev-b' });
      expect(h.result.current.status).toBe('saved');
    });

    test('A8 flush() after cancelling an in-flight save saves the latest value again', async () => {
      const h = mount('a', { delay: 100 });
      h.change('b');
      await advance(100);
      act(() => h.result.current.cancel());
      let flushed!: Promise<Outcome<string> | undefined>;
      act(() => {
        flushed = h.result.current.flush();
      });
      expect(h.save).toHaveBeenCalledTimes(2);
      expect(h.call(1).value).toBe('b');
      await settle(() => h.call(1).resolve('rev-b'));
      await expect(flushed).resolves.toEqual({ status: 'done', value: 'rev-b' });
    });

    test('A8 keepLatest: flush() of a value waiting behind an in-flight save starts it when that save settles', async () => {
      const h = mount('a', { delay: 10_000, options: { mode: 'keepLatest' } });
      h.change('b');
      await advance(10_000);
      h.change('c');
      let flushed!: Promise<Outcome<string> | undefined>;
      act(() => {
        flushed = h.result.current.flush();
      });
      expect(h.save).toHaveBeenCalledTimes(1);
      expect(h.call(0).ctx.signal.aborted).toBe(false);
      await settle(() => h.call(0).resolve('rev-b'));
      expect(h.save).toHaveBeenCalledTimes(2);
      expect(h.call(1).value).toBe('c');
      await settle(() => h.call(1).resolve('rev-c'));
      await expect(flushed).resolves.toEqual({ status: 'done', value: 'rev-c' });
    });
  });

  describe('A9 cancel()', () => {
    test('A9 cancel() drops the pending save: cancelled, still dirty, never saved, no timer', async () => {
      const h = mount('a', { delay: 100 });
      h.change('b');
      act(() => h.result.current.cancel());
      expect(h.result.current).toMatchObject({ status: 'cancelled', isDirty: true });
      expect(vi.getTimerCount()).toBe(0);
      await advance(1000);
      expect(h.save).not.toHaveBeenCalled();
    });

    test('A9 cancel() aborts the in-flight save (reason cancelled); its late result changes nothing', async () => {
      const onSaved = vi.fn();
      const h = mount('a', { delay: 100, options: { onSaved } });
      h.change('b');
      await advance(100);
      act(() => h.result.current.cancel());
      const { signal } = h.call(0).ctx;
      expect(signal.aborted).toBe(true);
      expect(abortReasonOf(signal)).toMatchObject({ isDOMException: true, name: 'AbortError' });
      expect(abortReasonOf(signal).message).toContain('cancelled');
      expect(h.result.current).toMatchObject({ status: 'cancelled', isDirty: true });
      await settle(() => h.call(0).resolve('rev-b'));
      expect(h.result.current).toMatchObject({ status: 'cancelled', isDirty: true, lastSavedAt: undefined });
      expect(onSaved).not.toHaveBeenCalled();
    });

    test('A9 the next change after cancel() schedules again', async () => {
      const h = mount('a', { delay: 100 });
      h.change('b');
      act(() => h.result.current.cancel());
      h.change('c');
      expect(h.result.current.status).toBe('pending');
      await advance(100);
      expect(h.call(0).value).toBe('c');
      await settle(() => h.call(0).resolve('rev-c'));
      expect(h.result.current).toMatchObject({ status: 'saved', isDirty: false });
    });

    test('A9 cancel() with nothing pending or saving changes nothing (idle, saved, error)', async () => {
      const h = mount('a', { delay: 100 });
      let renders = h.renders();
      act(() => h.result.current.cancel());
      expect(h.result.current).toMatchObject({ status: 'idle', isDirty: false });
      expect(h.renders()).toBe(renders);

      h.change('b');
      await advance(100);
      await settle(() => h.call(0).resolve('rev-b'));
      const saved = h.result.current;
      renders = h.renders();
      act(() => h.result.current.cancel());
      expect(h.result.current).toMatchObject({ status: 'saved', isDirty: false, lastSavedAt: saved.lastSavedAt });
      expect(h.renders()).toBe(renders);

      h.change('c');
      await advance(100);
      const boom = new Error('x');
      await settle(() => h.call(1).reject(boom));
      renders = h.renders();
      act(() => h.result.current.cancel());
      expect(h.result.current).toMatchObject({ status: 'error', error: boom, isDirty: true });
      expect(h.renders()).toBe(renders);
    });

    // cancel() from inside onSaved / onError: the status of the save that just ended does not overwrite the
    // 'cancelled' that cancel() set.
    describe('A9 cancel() from onSaved / onError', () => {
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
  });

  describe('A10 falsy values', () => {
    test.each([
      ['the empty string', 'start', ''],
      ['0', 1, 0],
      ['false', true, false],
      ['null', 'start', null],
    ] as const)('A10 %s is a value like any other and is saved', async (_name, first, falsy) => {
      const h = mountAutosave<unknown, string>(first, { strict, delay: 100 });
      h.change(falsy);
      expect(h.result.current).toMatchObject({ status: 'pending', isDirty: true });
      await advance(100);
      expect(h.save).toHaveBeenCalledTimes(1);
      expect(h.call(0).value).toBe(falsy);
      await settle(() => h.call(0).resolve('ok'));
      expect(h.result.current).toMatchObject({ status: 'saved', isDirty: false });
      // it is the baseline now: going back to the first value is a change
      h.change(first);
      expect(h.result.current).toMatchObject({ status: 'pending', isDirty: true });
    });

    test.each([[''], [0], [false], [null]] as const)(
      'A10 %j as the first value is the baseline, and a later change from it is saved',
      async (falsy) => {
        const h = mountAutosave<unknown, string>(falsy, { strict, delay: 100 });
        h.change(falsy);
        expect(h.result.current).toMatchObject({ status: 'idle', isDirty: false });
        h.change('x');
        await advance(100);
        expect(h.call(0).value).toBe('x');
      },
    );
  });

  describe('A13 no unhandled rejection', () => {
    const unhandled = vi.fn();
    beforeEach(() => {
      unhandled.mockClear();
      process.on('unhandledRejection', unhandled);
    });
    afterEach(() => {
      process.off('unhandledRejection', unhandled);
    });
    /** Lets Node report any rejection nobody handled, then asserts there was none. */
    const expectNoUnhandledRejection = async () => {
      await realMacrotask();
      await realMacrotask();
      expect(unhandled).not.toHaveBeenCalled();
    };

    test('A13 a save that throws synchronously ends error (onError called), and flush() neither throws nor rejects', async () => {
      const boom = new Error('sync throw');
      const onError = vi.fn();
      const save = vi.fn((): Promise<string> => {
        throw boom;
      });
      const h = mount('a', { delay: 100, options: { onError } });
      h.update({ save });
      h.change('b');
      await advance(100);
      expect(save).toHaveBeenCalledTimes(1);
      expect(h.result.current).toMatchObject({ status: 'error', error: boom, isDirty: true });
      expect(onError).toHaveBeenCalledWith(boom, 'b');
      let flushed!: Promise<Outcome<string> | undefined>;
      act(() => {
        expect(() => {
          flushed = h.result.current.flush();
        }).not.toThrow();
      });
      await expect(flushed).resolves.toEqual({ status: 'error', error: boom });
      expect(save).toHaveBeenCalledTimes(2);
      await advance(0);
      expect(onError).toHaveBeenCalledTimes(2);
      await expectNoUnhandledRejection();
    });

    test('A13 a save that rejects ends error with no unhandled rejection', async () => {
      const h = mount('a', { delay: 100 });
      h.change('b');
      await advance(100);
      await settle(() => h.call(0).reject(new Error('rejected')));
      expect(h.result.current.status).toBe('error');
      await expectNoUnhandledRejection();
    });

    test('A13 a save that rejects without onError, a non-Error rejection, and undefined rejection are all handled', async () => {
      const h = mount('a', { delay: 100 });
      h.change('b');
      await advance(100);
      await settle(() => h.call(0).reject('a string'));
      expect(h.result.current).toMatchObject({ status: 'error', error: 'a string' });
      h.change('c');
      await advance(100);
      await settle(() => h.call(1).reject(undefined));
      expect(h.result.current.status).toBe('error');
      await expectNoUnhandledRejection();
    });

    test('A13 aborted, cancelled and unmounted saves that reject later cause no unhandled rejection', async () => {
      const h = mount('a', { delay: 100 });
      h.change('b');
      await advance(100);
      h.change('c'); // aborts b
      await advance(100);
      act(() => h.result.current.cancel()); // aborts c
      h.change('d');
      await advance(100);
      h.unmount(); // aborts d
      await settle(() => {
        h.call(0).reject(new Error('b'));
        h.call(1).reject(new Error('c'));
        h.call(2).reject(new Error('d'));
      });
      await advance(0);
      await expectNoUnhandledRejection();
    });

    test('A13 saveOnUnmount with a save that throws synchronously or rejects causes no unhandled rejection', async () => {
      const onError = vi.fn();
      const throwing = vi.fn((): string => {
        throw new Error('sync on unmount');
      });
      const h = mount('a', { delay: 100, options: { saveOnUnmount: true, onError } });
      h.update({ save: throwing });
      h.change('b');
      expect(() => h.unmount()).not.toThrow();
      expect(throwing).toHaveBeenCalledTimes(1);
      await advance(0);
      expect(onError).toHaveBeenCalledTimes(1);

      const h2 = mount('a', { delay: 100, options: { saveOnUnmount: true } });
      h2.change('b');
      h2.unmount();
      await settle(() => h2.call(0).reject(new Error('rejected on unmount')));
      await expectNoUnhandledRejection();
    });
  });
});

describe('A3 A6 A8 the save that flush() starts and what a success records', () => {
  test('A3 keepLatest: a save that succeeds with the same result as before still moves the baseline and lastSavedAt, also when the next save starts at once', async () => {
    const onSaved = vi.fn();
    const h = mountAutosave<string, undefined>('a', {
      strict: false,
      delay: 100,
      options: { mode: 'keepLatest', onSaved },
    });
    h.change('b');
    await advance(100);
    h.change('c'); // queued behind save('b'); its delay passes while 'b' is in flight
    await advance(150);
    expect(h.save).toHaveBeenCalledTimes(1);
    const savedAt = Date.now();
    await settle(() => h.call(0).resolve(undefined)); // the runner's value stays undefined: no change of its snapshot
    expect(h.save).toHaveBeenCalledTimes(2);
    expect(onSaved).toHaveBeenCalledWith('b', undefined);
    expect(h.result.current).toMatchObject({ status: 'saving', isDirty: true, lastSavedAt: savedAt });
    await advance(20);
    await settle(() => h.call(1).resolve(undefined));
    expect(h.result.current).toMatchObject({ status: 'saved', isDirty: false, lastSavedAt: savedAt + 20 });
  });

  test('A8 flush() of a pending save starts that very save, not a second one (ctx.seq counts one run per change)', async () => {
    const h = mountAutosave<string, string>('a', { strict: false, delay: 1000 });
    h.change('b');
    await settle(() => void h.result.current.flush());
    expect(h.save).toHaveBeenCalledTimes(1);
    expect(h.call(0).ctx.seq).toBe(1);
    await settle(() => h.call(0).resolve('rev'));
    h.change('c');
    await advance(1000);
    expect(h.call(1).ctx.seq).toBe(2);
  });

  test('A6 a flush() from a layout effect calls the save of that same render', async () => {
    const calls: string[] = [];
    const saveFor = (name: string) => (value: string, _ctx: TaskContext<unknown>) => {
      calls.push(`${name}(${value})`);
      return Promise.resolve(name);
    };
    const { rerender } = renderHook(
      ({ value, name }: { value: string; name: string }) => {
        const { flush } = useAutosave(value, saveFor(name), 1000);
        useLayoutEffect(() => {
          if (name === 'second') void flush();
        }, [name, flush]);
      },
      { initialProps: { value: 'a', name: 'first' } },
    );
    rerender({ value: 'b', name: 'first' });
    await advance(10);
    rerender({ value: 'b', name: 'second' });
    await advance(0);
    expect(calls).toEqual(['second(b)']);
  });
});
