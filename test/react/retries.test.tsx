/** @vitest-environment jsdom */
// Retries (T1–T7) as they apply to useAutosave and useLastTask: a failed save or task is tried again after
// a wait, the status stays 'saving' / 'running' between attempts, and whatever would abort it stops its
// retries. Every flow runs plainly and inside <StrictMode>.
import { act, renderHook } from '@testing-library/react';
import { afterEach, describe, expect, test, vi } from 'vitest';
import {
  useAutosave,
  useLastTask,
  type RetryOptions,
  type RunnerOptions,
  type UseAutosaveOptions,
} from '../../src/index';
import {
  abortReasonOf,
  advance,
  controlledTask,
  lifecycles,
  message,
  mountAutosave,
  renderError,
  settle,
  withFakeClock,
  wrapperFor,
} from '../helpers/react';

const START = new Date('2024-01-01T00:00:00.000Z').getTime();

withFakeClock(START);

afterEach(() => {
  vi.restoreAllMocks();
});

/** Calls `fn` (flush) inside act and returns its promise. */
function inAct<P>(fn: () => P): P {
  let out!: P;
  act(() => {
    out = fn();
  });
  return out;
}

describe.each(lifecycles)('Retries on useAutosave ($name)', ({ name, strict }) => {
  const mount = (config: { delay?: number; options?: UseAutosaveOptions<string, string> } = {}) =>
    mountAutosave<string, string>('a', { strict, delay: 100, ...config });

  test(`T3 between attempts the status stays 'saving'; 'error' and onError once after the last (${name})`, async () => {
    const onSaved = vi.fn();
    const onError = vi.fn();
    const h = mount({ options: { retry: { attempts: 3, delay: 100 }, onSaved, onError } });
    h.change('b');
    await advance(100);
    const first = h.call(0);
    expect(first.ctx.attempt).toBe(1);
    expect(first.ctx.trigger).toBe('delay');
    expect(h.result.current.status).toBe('saving');
    const renders = h.renders();

    const e1 = new Error('e1');
    await settle(() => first.reject(e1));
    expect(h.result.current).toMatchObject({ status: 'saving', isDirty: true, error: undefined });
    expect(h.renders()).toBe(renders);
    expect(onError).not.toHaveBeenCalled();
    expect(vi.getTimerCount()).toBe(1);
    await advance(99);
    expect(h.save).toHaveBeenCalledTimes(1);
    await advance(1);
    expect(h.save).toHaveBeenCalledTimes(2);
    const second = h.call(1);
    // T2: the same signal, seq, trigger and previous; the next attempt number
    expect(second.value).toBe('b');
    expect(second.ctx.attempt).toBe(2);
    expect(second.ctx.signal).toBe(first.ctx.signal);
    expect(second.ctx.signal.aborted).toBe(false);
    expect(second.ctx.seq).toBe(first.ctx.seq);
    expect(second.ctx.trigger).toBe('delay');
    expect(second.ctx.previous).toBe(first.ctx.previous);

    await settle(() => second.reject(new Error('e2')));
    expect(h.result.current.status).toBe('saving');
    await advance(100);
    const third = h.call(2);
    expect(third.ctx.attempt).toBe(3);
    const e3 = new Error('e3');
    await settle(() => third.reject(e3));
    expect(h.result.current).toMatchObject({ status: 'error', error: e3, isDirty: true, lastSavedAt: undefined });
    expect(onError).toHaveBeenCalledTimes(1);
    expect(onError).toHaveBeenCalledWith(e3, 'b');
    expect(onSaved).not.toHaveBeenCalled();
    expect(vi.getTimerCount()).toBe(0);
    await advance(60_000);
    expect(h.save).toHaveBeenCalledTimes(3);
  });

  test(`T3 no listener call between attempts: the hook does not re-render while a save is retried (${name})`, async () => {
    const h = mount({ options: { retry: { attempts: 3, delay: 100 } } });
    h.change('b');
    await advance(100);
    expect(h.result.current.status).toBe('saving');
    const renders = h.renders();
    const snapshot = h.result.current;
    await settle(() => h.call(0).reject(new Error('e1')));
    expect(h.renders()).toBe(renders);
    await advance(100);
    expect(h.save).toHaveBeenCalledTimes(2);
    // the second attempt starting changes nothing observable (same status, error, isDirty, lastSavedAt)
    expect(h.result.current).toMatchObject({
      status: snapshot.status,
      error: snapshot.error,
      isDirty: snapshot.isDirty,
      lastSavedAt: snapshot.lastSavedAt,
    });
    expect(h.renders()).toBe(renders);
    await settle(() => h.call(1).reject(new Error('e2')));
    await advance(100);
    expect(h.save).toHaveBeenCalledTimes(3);
    expect(h.renders()).toBe(renders);
    await settle(() => h.call(2).resolve('rev-b'));
    expect(h.result.current.status).toBe('saved');
    // A11: the burst cost pending, saving and saved, whatever the attempts
    expect(h.renders()).toBe(renders + (strict ? 2 : 1));
  });

  test(`T2 a save that succeeds on a retry ends saved: onSaved once, onError never, previous passed on (${name})`, async () => {
    const onSaved = vi.fn();
    const onError = vi.fn();
    const h = mount({ options: { retry: { attempts: 5, delay: 50 }, onSaved, onError } });
    h.change('b');
    await advance(100);
    await settle(() => h.call(0).resolve('rev-b'));
    h.change('c');
    await advance(100);
    expect(h.call(1).ctx.previous).toBe('rev-b');
    await settle(() => h.call(1).reject(new Error('flaky')));
    await advance(50);
    expect(h.call(2).ctx).toMatchObject({ attempt: 2, previous: 'rev-b' });
    await advance(30);
    await settle(() => h.call(2).resolve('rev-c'));
    expect(h.result.current).toMatchObject({
      status: 'saved',
      isDirty: false,
      error: undefined,
      lastSavedAt: START + 280,
    });
    expect(onSaved.mock.calls).toEqual([
      ['b', 'rev-b'],
      ['c', 'rev-c'],
    ]);
    expect(onError).not.toHaveBeenCalled();
    expect(vi.getTimerCount()).toBe(0);
  });

  test(`T2 the default retry is 3 attempts in all, waiting 1000 then 2000 ms (${name})`, async () => {
    const onError = vi.fn();
    const h = mount({ options: { retry: {}, onError } });
    h.change('b');
    await advance(100);
    await settle(() => h.call(0).reject(new Error('1')));
    await advance(999);
    expect(h.save).toHaveBeenCalledTimes(1);
    await advance(1);
    expect(h.save).toHaveBeenCalledTimes(2);
    await settle(() => h.call(1).reject(new Error('2')));
    await advance(1999);
    expect(h.save).toHaveBeenCalledTimes(2);
    await advance(1);
    expect(h.save).toHaveBeenCalledTimes(3);
    expect(h.call(2).ctx.attempt).toBe(3);
    const last = new Error('3');
    await settle(() => h.call(2).reject(last));
    expect(h.result.current).toMatchObject({ status: 'error', error: last });
    expect(onError).toHaveBeenCalledTimes(1);
    expect(vi.getTimerCount()).toBe(0);
  });

  test(`T2 ctx.attempt is 1 on a save's first call, with or without retry (${name})`, async () => {
    const h = mount();
    h.change('b');
    await advance(100);
    expect(h.call(0).ctx.attempt).toBe(1);
    const boom = new Error('x');
    await settle(() => h.call(0).reject(boom));
    expect(h.result.current).toMatchObject({ status: 'error', error: boom });
    await advance(60_000);
    expect(h.save).toHaveBeenCalledTimes(1);
  });

  test(`T2 retry.delay as a function gets the attempt that failed and its error (${name})`, async () => {
    const delay = vi.fn((attempt: number) => attempt * 50);
    const h = mount({ options: { retry: { attempts: 3, delay } } });
    h.change('b');
    await advance(100);
    const e1 = new Error('1');
    await settle(() => h.call(0).reject(e1));
    expect(delay).toHaveBeenLastCalledWith(1, e1);
    await advance(49);
    expect(h.save).toHaveBeenCalledTimes(1);
    await advance(1);
    const e2 = new Error('2');
    await settle(() => h.call(1).reject(e2));
    expect(delay).toHaveBeenLastCalledWith(2, e2);
    await advance(99);
    expect(h.save).toHaveBeenCalledTimes(2);
    await advance(1);
    expect(h.save).toHaveBeenCalledTimes(3);
    await settle(() => h.call(2).resolve('ok'));
    expect(h.result.current.status).toBe('saved');
  });

  test(`T3 shouldRetry(error, attempt) saying no ends 'error' at once with that error, onError once (${name})`, async () => {
    const onError = vi.fn();
    const shouldRetry = vi.fn((_error: unknown, attempt: number) => attempt < 2);
    const h = mount({ options: { retry: { attempts: 5, delay: 10, shouldRetry }, onError } });
    h.change('b');
    await advance(100);
    const e1 = new Error('1');
    await settle(() => h.call(0).reject(e1));
    expect(h.result.current.status).toBe('saving');
    await advance(10);
    const e2 = new Error('2');
    await settle(() => h.call(1).reject(e2));
    expect(shouldRetry.mock.calls).toEqual([
      [e1, 1],
      [e2, 2],
    ]);
    expect(h.result.current).toMatchObject({ status: 'error', error: e2 });
    expect(onError).toHaveBeenCalledTimes(1);
    expect(onError).toHaveBeenCalledWith(e2, 'b');
    expect(vi.getTimerCount()).toBe(0);
  });

  test(`T6 a shouldRetry that throws ends the save 'error' with that error; onError once (${name})`, async () => {
    const onError = vi.fn();
    const thrown = new Error('shouldRetry broke');
    const h = mount({
      options: {
        retry: {
          attempts: 3,
          delay: 10,
          shouldRetry: () => {
            throw thrown;
          },
        },
        onError,
      },
    });
    h.change('b');
    await advance(100);
    await settle(() => h.call(0).reject(new Error('save failed')));
    expect(h.result.current).toMatchObject({ status: 'error', error: thrown });
    expect(onError).toHaveBeenCalledTimes(1);
    expect(onError).toHaveBeenCalledWith(thrown, 'b');
    expect(vi.getTimerCount()).toBe(0);
  });

  test(`T6 a retry.delay() that returns NaN ends the save 'error' with a RangeError naming retry.delay() (${name})`, async () => {
    const onError = vi.fn();
    const h = mount({ options: { retry: { attempts: 3, delay: () => Number.NaN }, onError } });
    h.change('b');
    await advance(100);
    await settle(() => h.call(0).reject(new Error('save failed')));
    expect(h.result.current.status).toBe('error');
    const { error } = h.result.current;
    expect(error).toBeInstanceOf(RangeError);
    expect(message(error)).toContain('retry.delay()');
    expect(onError).toHaveBeenCalledTimes(1);
    expect(vi.getTimerCount()).toBe(0);
    await advance(60_000);
    expect(h.save).toHaveBeenCalledTimes(1);
  });

  test(`T4 a change during an automatic save's retry wait stops the retries and saves the new value (${name})`, async () => {
    const onError = vi.fn();
    const onSaved = vi.fn();
    const h = mount({ options: { retry: { attempts: 3, delay: 500 }, onError, onSaved } });
    h.change('b');
    await advance(100);
    const first = h.call(0);
    await settle(() => first.reject(new Error('offline')));
    expect(vi.getTimerCount()).toBe(1); // the retry wait
    h.change('c');
    expect(first.ctx.signal.aborted).toBe(true);
    expect(abortReasonOf(first.ctx.signal)).toMatchObject({ isDOMException: true, name: 'AbortError' });
    expect(abortReasonOf(first.ctx.signal).message).toContain('superseded');
    expect(h.result.current).toMatchObject({ status: 'pending', isDirty: true, error: undefined });
    expect(vi.getTimerCount()).toBe(1); // c's delay only: the retry wait is cleared
    await advance(100);
    expect(h.save).toHaveBeenCalledTimes(2);
    expect(h.call(1)).toMatchObject({ value: 'c' });
    expect(h.call(1).ctx.attempt).toBe(1);
    await settle(() => h.call(1).resolve('rev-c'));
    await advance(10_000);
    expect(h.calls.map((c) => c.value)).toEqual(['b', 'c']);
    expect(h.result.current).toMatchObject({ status: 'saved', isDirty: false });
    expect(onError).not.toHaveBeenCalled();
    expect(onSaved).toHaveBeenCalledTimes(1);
    expect(vi.getTimerCount()).toBe(0);
  });

  test(`T4 a change while a retry attempt is in flight aborts it, and it is not tried again (${name})`, async () => {
    const onError = vi.fn();
    const h = mount({ options: { retry: { attempts: 5, delay: 50 }, onError } });
    h.change('b');
    await advance(100);
    await settle(() => h.call(0).reject(new Error('1')));
    await advance(50);
    const retrying = h.call(1);
    expect(retrying.ctx.attempt).toBe(2);
    h.change('c');
    expect(retrying.ctx.signal.aborted).toBe(true);
    await settle(() => retrying.reject(new Error('aborted')));
    await advance(100);
    expect(h.calls.map((c) => c.value)).toEqual(['b', 'b', 'c']);
    await settle(() => h.call(2).resolve('rev-c'));
    await advance(10_000);
    expect(h.save).toHaveBeenCalledTimes(3);
    expect(onError).not.toHaveBeenCalled();
  });

  test(`T4 cancel() during the retry wait: cancelled, still dirty, signal aborted, no timer, no attempt (${name})`, async () => {
    const onError = vi.fn();
    const h = mount({ options: { retry: { attempts: 3, delay: 500 }, onError } });
    h.change('b');
    await advance(100);
    await settle(() => h.call(0).reject(new Error('1')));
    act(() => h.result.current.cancel());
    expect(h.result.current).toMatchObject({ status: 'cancelled', isDirty: true, error: undefined });
    expect(h.call(0).ctx.signal.aborted).toBe(true);
    expect(abortReasonOf(h.call(0).ctx.signal).message).toContain('cancelled');
    expect(vi.getTimerCount()).toBe(0);
    await advance(60_000);
    expect(h.save).toHaveBeenCalledTimes(1);
    expect(onError).not.toHaveBeenCalled();
  });

  test(`T4 flush() after a cancelled retry saves the value again from attempt 1 (${name})`, async () => {
    const h = mount({ options: { retry: { attempts: 3, delay: 500 } } });
    h.change('b');
    await advance(100);
    await settle(() => h.call(0).reject(new Error('1')));
    act(() => h.result.current.cancel());
    const flushed = inAct(() => h.result.current.flush());
    expect(h.save).toHaveBeenCalledTimes(2);
    expect(h.call(1).ctx).toMatchObject({ attempt: 1, trigger: 'flush' });
    await settle(() => h.call(1).resolve('rev-b'));
    await expect(flushed).resolves.toEqual({ status: 'done', value: 'rev-b' });
  });

  test(`T4 unmount during the retry wait: no attempt, signal aborted (disposed), no timer, no onError, no render (${name})`, async () => {
    const onError = vi.fn();
    const h = mount({ options: { retry: { attempts: 3, delay: 500 }, onError } });
    h.change('b');
    await advance(100);
    await settle(() => h.call(0).reject(new Error('1')));
    h.unmount();
    const renders = h.renders();
    expect(h.call(0).ctx.signal.aborted).toBe(true);
    expect(abortReasonOf(h.call(0).ctx.signal).message).toContain('disposed');
    expect(vi.getTimerCount()).toBe(0);
    await advance(60_000);
    expect(h.save).toHaveBeenCalledTimes(1);
    expect(onError).not.toHaveBeenCalled();
    expect(h.renders()).toBe(renders);
  });

  test(`T4 saveOnUnmount keeps the retries of the unmount save: same signal, trigger 'unmount', onSaved after success (${name})`, async () => {
    const onSaved = vi.fn();
    const onError = vi.fn();
    const h = mount({
      delay: 1000,
      options: { saveOnUnmount: true, retry: { attempts: 3, delay: 200 }, onSaved, onError },
    });
    h.change('b');
    h.unmount();
    const renders = h.renders();
    const first = h.call(0);
    expect(first.ctx).toMatchObject({ attempt: 1, trigger: 'unmount' });
    await settle(() => first.reject(new Error('1')));
    expect(first.ctx.signal.aborted).toBe(false);
    await advance(200);
    expect(h.save).toHaveBeenCalledTimes(2);
    expect(h.call(1).ctx).toMatchObject({ attempt: 2, trigger: 'unmount', seq: first.ctx.seq });
    expect(h.call(1).ctx.signal).toBe(first.ctx.signal);
    await settle(() => h.call(1).reject(new Error('2')));
    await advance(200);
    expect(h.call(2).ctx.attempt).toBe(3);
    await settle(() => h.call(2).resolve('rev-b'));
    expect(onSaved).toHaveBeenCalledTimes(1);
    expect(onSaved).toHaveBeenCalledWith('b', 'rev-b');
    expect(onError).not.toHaveBeenCalled();
    expect(h.renders()).toBe(renders);
    expect(vi.getTimerCount()).toBe(0);
  });

  test(`T4 saveOnUnmount: an unmount save that fails every attempt calls onError once, after the last (${name})`, async () => {
    const onError = vi.fn();
    const h = mount({ options: { saveOnUnmount: true, retry: { attempts: 2, delay: 200 }, onError } });
    h.change('b');
    h.unmount();
    await settle(() => h.call(0).reject(new Error('1')));
    expect(onError).not.toHaveBeenCalled();
    await advance(200);
    const last = new Error('2');
    await settle(() => h.call(1).reject(last));
    expect(onError).toHaveBeenCalledTimes(1);
    expect(onError).toHaveBeenCalledWith(last, 'b');
    expect(vi.getTimerCount()).toBe(0);
  });

  test(`T4 saveOnUnmount lets the latest value's automatic save in its retry wait go on with its retries (${name})`, async () => {
    const onSaved = vi.fn();
    const h = mount({ options: { saveOnUnmount: true, retry: { attempts: 3, delay: 200 }, onSaved } });
    h.change('b');
    await advance(100);
    const first = h.call(0);
    await settle(() => first.reject(new Error('1')));
    h.unmount();
    expect(first.ctx.signal.aborted).toBe(false);
    // A7 lets it finish; as a flush() (T5) it tries again at once, and that attempt says why (W1): 'unmount'
    expect(h.save).toHaveBeenCalledTimes(2);
    expect(h.call(1).value).toBe('b');
    expect(h.call(1).ctx).toMatchObject({ attempt: 2, trigger: 'unmount', seq: first.ctx.seq });
    await settle(() => h.call(1).resolve('rev-b'));
    expect(onSaved).toHaveBeenCalledWith('b', 'rev-b');
    await advance(10_000);
    expect(h.save).toHaveBeenCalledTimes(2);
    expect(vi.getTimerCount()).toBe(0);
  });

  test(`T5 flush() during a retry wait tries again at once, with the flush's reason as trigger (W1) (${name})`, async () => {
    const h = mount({ options: { retry: { attempts: 3, delay: 5000 } } });
    h.change('b');
    await advance(100);
    const first = h.call(0);
    await settle(() => first.reject(new Error('1')));
    const flushed = inAct(() => h.result.current.flush());
    expect(h.save).toHaveBeenCalledTimes(2);
    expect(h.call(1).ctx).toMatchObject({ attempt: 2, trigger: 'flush', seq: first.ctx.seq });
    expect(h.call(1).ctx.signal).toBe(first.ctx.signal);
    expect(vi.getTimerCount()).toBe(0);
    expect(h.result.current.status).toBe('saving');
    await settle(() => h.call(1).resolve('rev-b'));
    await expect(flushed).resolves.toEqual({ status: 'done', value: 'rev-b' });
    expect(h.result.current).toMatchObject({ status: 'saved', isDirty: false });
    await advance(10_000);
    expect(h.save).toHaveBeenCalledTimes(2);
  });

  test(`T5 flush() during a retry wait returns the save's one promise, which resolves with the last attempt's outcome (${name})`, async () => {
    const h = mount({ options: { retry: { attempts: 2, delay: 5000 } } });
    h.change('b');
    const flushed = inAct(() => h.result.current.flush());
    await settle(() => h.call(0).reject(new Error('1')));
    const again = inAct(() => h.result.current.flush());
    expect(again).toBe(flushed);
    const last = new Error('2');
    await settle(() => h.call(1).reject(last));
    await expect(flushed).resolves.toEqual({ status: 'error', error: last });
    expect(h.result.current).toMatchObject({ status: 'error', error: last });
  });

  test(`T4/P5 a "Save now" save keeps its retries while a change waits behind it (lower priority) (${name})`, async () => {
    const onSaved = vi.fn();
    const h = mount({ options: { retry: { attempts: 3, delay: 100 }, onSaved } });
    h.change('b');
    const flushed = inAct(() => h.result.current.flush());
    h.change('c');
    expect(h.call(0).ctx.signal.aborted).toBe(false);
    await settle(() => h.call(0).reject(new Error('1')));
    expect(h.call(0).ctx.signal.aborted).toBe(false);
    expect(h.result.current.status).toBe('saving');
    await advance(100);
    expect(h.save).toHaveBeenCalledTimes(2);
    expect(h.call(1).value).toBe('b');
    expect(h.call(1).ctx).toMatchObject({ attempt: 2, trigger: 'flush' });
    await settle(() => h.call(1).resolve('rev-b'));
    await expect(flushed).resolves.toEqual({ status: 'done', value: 'rev-b' });
    expect(h.save).toHaveBeenCalledTimes(3);
    expect(h.call(2).value).toBe('c');
    await settle(() => h.call(2).resolve('rev-c'));
    expect(onSaved.mock.calls).toEqual([
      ['b', 'rev-b'],
      ['c', 'rev-c'],
    ]);
    expect(h.result.current).toMatchObject({ status: 'saved', isDirty: false });
  });

  test(`T4 keepLatest: a change during the retry wait supersedes the failed save (nothing in flight to let finish) (${name})`, async () => {
    const onError = vi.fn();
    const h = mount({ options: { mode: 'keepLatest', retry: { attempts: 3, delay: 500 }, onError } });
    h.change('b');
    await advance(100);
    await settle(() => h.call(0).reject(new Error('1')));
    h.change('c');
    expect(h.call(0).ctx.signal.aborted).toBe(true);
    expect(abortReasonOf(h.call(0).ctx.signal).message).toContain('superseded');
    await advance(100);
    expect(h.calls.map((c) => c.value)).toEqual(['b', 'c']);
    await settle(() => h.call(1).resolve('rev-c'));
    await advance(10_000);
    expect(h.save).toHaveBeenCalledTimes(2);
    expect(onError).not.toHaveBeenCalled();
    expect(h.result.current).toMatchObject({ status: 'saved', isDirty: false });
  });

  test(`T4 keepLatest: a save that fails while a newer value waits for it is not retried; onError once, the newer goes on (${name})`, async () => {
    const onError = vi.fn();
    const h = mount({ options: { mode: 'keepLatest', retry: { attempts: 3, delay: 500 }, onError } });
    h.change('b');
    await advance(100);
    h.change('c');
    expect(h.call(0).ctx.signal.aborted).toBe(false);
    await advance(100);
    const boom = new Error('b failed');
    await settle(() => h.call(0).reject(boom));
    expect(onError).toHaveBeenCalledTimes(1);
    expect(onError).toHaveBeenCalledWith(boom, 'b');
    expect(h.save).toHaveBeenCalledTimes(2);
    expect(h.call(1).value).toBe('c');
    expect(h.result.current.status).toBe('saving');
    await settle(() => h.call(1).resolve('rev-c'));
    await advance(10_000);
    expect(h.calls.map((c) => c.value)).toEqual(['b', 'c']);
    expect(h.result.current).toMatchObject({ status: 'saved', isDirty: false });
  });

  test(`T1 the retry options in force when a save is scheduled apply to it (${name})`, async () => {
    const h = mount({ options: { retry: { attempts: 2, delay: 100 } } });
    h.change('b');
    await advance(100);
    await settle(() => h.call(0).reject(new Error('1')));
    await advance(100);
    await settle(() => h.call(1).reject(new Error('2')));
    expect(h.result.current.status).toBe('error');
    h.update({ options: undefined });
    h.change('c');
    await advance(100);
    await settle(() => h.call(2).reject(new Error('3')));
    expect(h.result.current.status).toBe('error');
    await advance(10_000);
    expect(h.save).toHaveBeenCalledTimes(3);
  });
});

describe('T1 bad retry options on the hooks', () => {
  const save = async () => 'ok';
  const cases: [string, unknown, ErrorConstructor, string][] = [
    ['a string', 'often', TypeError, 'retry'],
    ['attempts 0', { attempts: 0 }, RangeError, 'retry.attempts'],
    ['attempts 1.5', { attempts: 1.5 }, RangeError, 'retry.attempts'],
    ['delay -1', { delay: -1 }, RangeError, 'retry.delay'],
    ['delay Infinity', { delay: Infinity }, RangeError, 'retry.delay'],
    ['shouldRetry not a function', { shouldRetry: true }, TypeError, 'retry.shouldRetry'],
  ];

  test.each(cases)('T1 useAutosave with retry %s throws at render', (_label, retry, type, field) => {
    const error = renderError(() => useAutosave('a', save, 100, { retry: retry as RetryOptions }));
    expect(error).toBeInstanceOf(type);
    expect(message(error)).toContain(field);
  });

  test.each(cases)('T1 useLastTask with retry %s throws at render', (_label, retry, type, field) => {
    const error = renderError(() => useLastTask<string>({ retry: retry as RetryOptions }));
    expect(error).toBeInstanceOf(type);
    expect(message(error)).toContain(field);
  });

  test('T1 attempts: Infinity is allowed', () => {
    expect(() => renderHook(() => useAutosave('a', save, 100, { retry: { attempts: Infinity } }))).not.toThrow();
    expect(() => renderHook(() => useLastTask<string>({ retry: { attempts: Infinity } }))).not.toThrow();
  });
});

describe.each(lifecycles)('Retries on useLastTask ($name)', ({ name, strict }) => {
  const mount = (options?: RunnerOptions) => {
    let renders = 0;
    const hook = renderHook(
      (props: { options?: RunnerOptions | undefined }) => {
        renders++;
        return useLastTask<string>(props.options);
      },
      { initialProps: { options }, ...wrapperFor(strict) },
    );
    return { ...hook, renders: () => renders };
  };

  test(`T2/T3 the retry option: 'running' between attempts with no render, then done with the value (${name})`, async () => {
    const h = mount({ delay: 10, retry: { attempts: 3, delay: 100 } });
    const t = controlledTask<string>();
    const promise = inAct(() => h.result.current.run(t.task));
    await advance(10);
    expect(t.call(0).ctx).toMatchObject({ attempt: 1, trigger: 'delay', seq: 1 });
    expect(h.result.current.status).toBe('running');
    const renders = h.renders();
    await settle(() => t.call(0).reject(new Error('1')));
    expect(h.result.current).toMatchObject({ status: 'running', error: undefined });
    expect(h.renders()).toBe(renders);
    await advance(99);
    expect(t.task).toHaveBeenCalledTimes(1);
    await advance(1);
    expect(t.call(1).ctx).toMatchObject({ attempt: 2, trigger: 'delay', seq: 1 });
    expect(t.call(1).ctx.signal).toBe(t.call(0).ctx.signal);
    await settle(() => t.call(1).resolve('hits'));
    expect(h.result.current).toMatchObject({ status: 'done', value: 'hits', error: undefined });
    await expect(promise).resolves.toEqual({ status: 'done', value: 'hits' });
    expect(vi.getTimerCount()).toBe(0);
  });

  test(`T3 after the last attempt: 'error' with that attempt's error, and the promise resolves it once (${name})`, async () => {
    const h = mount({ retry: { attempts: 2, delay: 100 } });
    const t = controlledTask<string>();
    const promise = inAct(() => h.result.current.run(t.task));
    await advance(0);
    await settle(() => t.call(0).reject(new Error('1')));
    expect(h.result.current.status).toBe('running');
    await advance(100);
    const last = new Error('2');
    await settle(() => t.call(1).reject(last));
    expect(h.result.current).toMatchObject({ status: 'error', error: last });
    await expect(promise).resolves.toEqual({ status: 'error', error: last });
    expect(vi.getTimerCount()).toBe(0);
    await advance(60_000);
    expect(t.task).toHaveBeenCalledTimes(2);
  });

  test(`T2 without retry, a failing task is called once with ctx.attempt 1 (${name})`, async () => {
    const h = mount();
    const t = controlledTask<string>();
    inAct(() => h.result.current.run(t.task));
    await advance(0);
    expect(t.call(0).ctx.attempt).toBe(1);
    await settle(() => t.call(0).reject(new Error('x')));
    expect(h.result.current.status).toBe('error');
    await advance(60_000);
    expect(t.task).toHaveBeenCalledTimes(1);
  });

  test(`T4 a newer run() during the retry wait stops the retries: cancelled/superseded, its wait cleared (${name})`, async () => {
    const h = mount({ delay: 50, retry: { attempts: 3, delay: 1000 } });
    const t = controlledTask<string>();
    const first = inAct(() => h.result.current.run(t.task));
    await advance(50);
    await settle(() => t.call(0).reject(new Error('1')));
    const second = inAct(() => h.result.current.run(t.task));
    expect(t.call(0).ctx.signal.aborted).toBe(true);
    expect(abortReasonOf(t.call(0).ctx.signal).message).toContain('superseded');
    await expect(first).resolves.toEqual({ status: 'cancelled', reason: 'superseded' });
    expect(h.result.current.status).toBe('pending');
    expect(vi.getTimerCount()).toBe(1);
    await advance(50);
    expect(t.task).toHaveBeenCalledTimes(2);
    expect(t.call(1).ctx).toMatchObject({ attempt: 1, seq: 2 });
    await settle(() => t.call(1).resolve('new'));
    await expect(second).resolves.toEqual({ status: 'done', value: 'new' });
    await advance(10_000);
    expect(t.task).toHaveBeenCalledTimes(2);
  });

  test(`T4 cancel() during the retry wait: cancelled, no timer, no attempt (${name})`, async () => {
    const h = mount({ retry: { attempts: 3, delay: 1000 } });
    const t = controlledTask<string>();
    const promise = inAct(() => h.result.current.run(t.task));
    await advance(0);
    await settle(() => t.call(0).reject(new Error('1')));
    act(() => h.result.current.cancel());
    expect(h.result.current.status).toBe('cancelled');
    await expect(promise).resolves.toEqual({ status: 'cancelled', reason: 'cancelled' });
    expect(vi.getTimerCount()).toBe(0);
    await advance(10_000);
    expect(t.task).toHaveBeenCalledTimes(1);
  });

  test(`T4/T7 unmount during the retry wait: cancelled/disposed, no timer, no attempt, no render (${name})`, async () => {
    const h = mount({ retry: { attempts: 3, delay: 1000 } });
    const t = controlledTask<string>();
    const promise = inAct(() => h.result.current.run(t.task));
    await advance(0);
    await settle(() => t.call(0).reject(new Error('1')));
    h.unmount();
    const renders = h.renders();
    expect(t.call(0).ctx.signal.aborted).toBe(true);
    expect(abortReasonOf(t.call(0).ctx.signal).message).toContain('disposed');
    await expect(promise).resolves.toEqual({ status: 'cancelled', reason: 'disposed' });
    expect(vi.getTimerCount()).toBe(0);
    await advance(10_000);
    expect(t.task).toHaveBeenCalledTimes(1);
    expect(h.renders()).toBe(renders);
  });

  test(`T5 flush() during the retry wait starts the next attempt at once and returns the task's promise (${name})`, async () => {
    const h = mount({ retry: { attempts: 3, delay: 1000 } });
    const t = controlledTask<string>();
    const promise = inAct(() => h.result.current.run(t.task));
    await advance(0);
    await settle(() => t.call(0).reject(new Error('1')));
    const flushed = inAct(() => h.result.current.flush());
    expect(flushed).toBe(promise);
    expect(t.call(1).ctx).toMatchObject({ attempt: 2, trigger: 'flush' }); // W1: the flush's reason
    expect(vi.getTimerCount()).toBe(0);
    await settle(() => t.call(1).resolve('ok'));
    await expect(promise).resolves.toEqual({ status: 'done', value: 'ok' });
  });

  test(`T1 a changed retry option applies to later run() calls only (${name})`, async () => {
    const h = mount({ retry: { attempts: 2, delay: 100 } });
    const t = controlledTask<string>();
    const first = inAct(() => h.result.current.run(t.task));
    await advance(0);
    h.rerender({ options: {} });
    await settle(() => t.call(0).reject(new Error('1')));
    await advance(100);
    expect(t.task).toHaveBeenCalledTimes(2);
    const last = new Error('2');
    await settle(() => t.call(1).reject(last));
    await expect(first).resolves.toEqual({ status: 'error', error: last });
    const second = inAct(() => h.result.current.run(t.task));
    await advance(0);
    const only = new Error('3');
    await settle(() => t.call(2).reject(only));
    await expect(second).resolves.toEqual({ status: 'error', error: only });
    await advance(10_000);
    expect(t.task).toHaveBeenCalledTimes(3);
  });
});
