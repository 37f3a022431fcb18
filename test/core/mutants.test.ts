import { describe, expect, test, vi } from 'vitest';
import { createLanes } from '../../src/core/createLastTaskLanes';
import { createRunner } from '../../src/core/createRunner';
import {
  createLastTaskLanes,
  createLastTaskRunner,
  createStatusBadge,
  mergeStatus,
  type AutosaveStatus,
  type RunnerOptions,
  type RunOptions,
  type Task,
} from '../../src/index';
import { advance, flushMicrotasks, messageOf, track, unsafe, useRunnerTestEnv } from '../helpers/core';

/*
 * Tests written to kill mutants that survived `npm run mutate` (see stryker.config.mjs): each pins a
 * behaviour the other tests left open.
 */

useRunnerTestEnv();

describe('R13 error messages say what was expected and show the value as given', () => {
  test('R13 delay: "must be a finite number >= 0", with a number shown bare and a string shown quoted', () => {
    const number = messageOf(() => createLastTaskRunner(unsafe<RunnerOptions>({ delay: -1 })));
    expect(number).toMatch(/ delay must be a finite number >= 0, got -1$/);
    expect(number).not.toContain('Infinity');
    const string = messageOf(() => createLastTaskRunner(unsafe<RunnerOptions>({ delay: '100' })));
    expect(string).toMatch(/ delay must be a finite number >= 0, got "100"$/);
    const perCall = messageOf(() => createLastTaskRunner().run(() => 1, unsafe<RunOptions>({ delay: NaN })));
    expect(perCall).toMatch(/ delay must be a finite number >= 0, got NaN$/);
  });

  test('R13 maxWait: "must be a number >= 0 or Infinity"', () => {
    expect(messageOf(() => createLastTaskRunner(unsafe<RunnerOptions>({ maxWait: NaN })))).toMatch(
      / maxWait must be a number >= 0 or Infinity, got NaN$/,
    );
    expect(messageOf(() => createLastTaskRunner(unsafe<RunnerOptions>({ maxWait: 'soon' })))).toMatch(/, got "soon"$/);
  });

  test('R13 mode, task and options: what they must be', () => {
    expect(messageOf(() => createLastTaskRunner(unsafe<RunnerOptions>({ mode: 'debounce' })))).toMatch(
      / mode must be "restart" or "keepLatest", got "debounce"$/,
    );
    expect(messageOf(() => createLastTaskRunner<number>().run(unsafe<Task<number>>(42)))).toMatch(/ task must be a function, got 42$/);
    expect(messageOf(() => createLastTaskRunner(unsafe<RunnerOptions>(100)))).toMatch(/ options must be an object, got 100$/);
  });
});

describe('error messages of the lanes and of mergeStatus', () => {
  test('L run() on the key undefined: "key must be defined"; a task that is not a function: "task must be a function"', () => {
    const lanes = createLastTaskLanes<string | undefined, number>();
    expect(messageOf(() => lanes.run(undefined, () => 1))).toMatch(/ key must be defined, got undefined$/);
    expect(messageOf(() => lanes.run('k', unsafe<Task<number>>(42)))).toMatch(/ task must be a function, got 42$/);
  });

  test('mergeStatus of an unknown status names the six it accepts', () => {
    expect(messageOf(() => mergeStatus('saved', unsafe<AutosaveStatus>('nope')))).toMatch(
      / status must be one of error, saving, pending, cancelled, saved, idle, got "nope"$/,
    );
  });
});

describe('internal lane controls (used by useLastTaskLanes)', () => {
  test('H3 resume() does not bring disposed lanes back', async () => {
    const lanes = createLanes<string, string>({ delay: 10 });
    lanes.dispose();
    lanes.resume();
    const task = vi.fn(() => 'v');
    const outcome = track(lanes.run('k', task));
    await advance(100);
    expect(task).not.toHaveBeenCalled();
    expect(outcome.value).toEqual({ status: 'cancelled', reason: 'disposed' });
    expect(lanes.getSnapshot('k').status).toBe('idle');
  });

  test('H3 suspend() after dispose() does not bring the lanes back either: a run() leaves its lane idle', async () => {
    const lanes = createLanes<string, string>({ delay: 10 });
    lanes.dispose();
    lanes.suspend();
    const outcome = track(lanes.run('k', () => 'v'));
    await flushMicrotasks();
    expect(outcome.value).toEqual({ status: 'cancelled', reason: 'disposed' });
    expect(lanes.getSnapshot('k').status).toBe('idle');
    expect(lanes.size).toBe(0);
  });

  test('H3 once a suspend() outlives its tick (a real unmount), run() is refused at once: no lane opens, no listener call', async () => {
    const lanes = createLanes<string, string>({ delay: 10 });
    const listener = vi.fn();
    lanes.subscribe(listener);
    lanes.suspend();
    await flushMicrotasks();
    const task = vi.fn(() => 'v');
    const outcome = track(lanes.run('k', task));
    expect(lanes.size).toBe(0);
    expect(lanes.getSnapshot('k').status).toBe('idle');
    await advance(100);
    expect(outcome.value).toEqual({ status: 'cancelled', reason: 'disposed' });
    expect(task).not.toHaveBeenCalled();
    expect(listener).not.toHaveBeenCalled();
    // A second suspend() later on keeps it that way.
    lanes.suspend();
    lanes.run('k', task);
    expect(lanes.size).toBe(0);
    expect(lanes.getSnapshot('k').status).toBe('idle');
  });

  test('H4 suspend() then resume() in the same tick (StrictMode) leaves the lanes alive after the microtask', async () => {
    const lanes = createLanes<string, string>({ delay: 10 });
    lanes.suspend();
    lanes.resume();
    await flushMicrotasks();
    const outcome = track(lanes.run('k', () => 'v'));
    await advance(10);
    expect(outcome.value).toEqual({ status: 'done', value: 'v' });
  });

  test('H4 a listener subscribed while the lanes are suspended hears of the changes after resume()', async () => {
    const lanes = createLanes<string, string>({ delay: 10 });
    lanes.suspend();
    await flushMicrotasks();
    const listener = vi.fn();
    lanes.subscribe(listener);
    lanes.resume();
    lanes.run('k', () => 'v');
    await advance(10);
    expect(listener.mock.calls).toEqual([['k'], ['k'], ['k']]);
  });
});

describe('R1/R5 one timer serves a whole burst', () => {
  test('R1 run() calls that only move the deadline later arm no new timer: one setTimeout per burst, plus re-arms', async () => {
    const setTimeoutSpy = vi.spyOn(globalThis, 'setTimeout');
    const runner = createLastTaskRunner<string>({ delay: 100 });
    const task = vi.fn(() => 'v');
    for (let i = 0; i < 9; i++) {
      runner.run(task); // t = 0, 10, …, 80: the deadline moves from 100 to 180
      await advance(10);
    }
    expect(setTimeoutSpy).toHaveBeenCalledTimes(1);
    await advance(100);
    expect(task).toHaveBeenCalledTimes(1);
    expect(setTimeoutSpy.mock.calls.length).toBeLessThanOrEqual(2); // the timer fired early once and re-armed
    setTimeoutSpy.mockRestore();
  });

  test('R1 several run() calls in one tick arm one timer', async () => {
    const setTimeoutSpy = vi.spyOn(globalThis, 'setTimeout');
    const runner = createLastTaskRunner<string>({ delay: 100 });
    const task = vi.fn(() => 'v');
    for (let i = 0; i < 5; i++) runner.run(task);
    expect(setTimeoutSpy).toHaveBeenCalledTimes(1);
    await advance(100);
    expect(task).toHaveBeenCalledTimes(1);
    setTimeoutSpy.mockRestore();
  });

  test('R5 run() calls whose deadline is the maxWait of the burst, already armed, arm no new timer', async () => {
    const runner = createLastTaskRunner<string>({ delay: 100, maxWait: 150 });
    const task = vi.fn(() => 'v');
    runner.run(task); // due t = 100
    await advance(60);
    runner.run(task); // due t = 150 (maxWait); the timer fires early at 100 and re-arms for 150
    await advance(50);
    const setTimeoutSpy = vi.spyOn(globalThis, 'setTimeout');
    runner.run(task); // t = 110: due 150 again, the very time the timer is armed for
    await advance(10);
    runner.run(task);
    expect(setTimeoutSpy).not.toHaveBeenCalled();
    await advance(30);
    expect(task).toHaveBeenCalledTimes(1);
    setTimeoutSpy.mockRestore();
  });
});

describe('internal runner controls (used by the hooks)', () => {
  test('H3 resume() does not bring a disposed runner back: run() still resolves cancelled/disposed', async () => {
    const runner = createRunner<string>({ delay: 10 });
    runner.dispose();
    runner.resume();
    const task = vi.fn(() => 'v');
    const outcome = track(runner.run(task));
    await advance(100);
    expect(task).not.toHaveBeenCalled();
    expect(outcome.value).toEqual({ status: 'cancelled', reason: 'disposed' });
    expect(vi.getTimerCount()).toBe(0);
  });

  test('H3 a second suspend() in a later tick keeps run() refused at once: the snapshot does not move', async () => {
    const runner = createRunner<string>({ delay: 10 });
    runner.suspend();
    await flushMicrotasks();
    const snapshot = runner.getSnapshot();
    runner.suspend();
    const task = vi.fn(() => 'v');
    const outcome = track(runner.run(task));
    expect(runner.getSnapshot()).toBe(snapshot);
    await advance(100);
    expect(outcome.value).toEqual({ status: 'cancelled', reason: 'disposed' });
    expect(task).not.toHaveBeenCalled();
  });

  test('H4 a listener subscribed while the runner is suspended hears of the changes after resume()', async () => {
    const runner = createRunner<string>({ delay: 10 });
    runner.suspend();
    await flushMicrotasks();
    const listener = vi.fn();
    runner.subscribe(listener);
    runner.resume();
    runner.run(() => 'v');
    await advance(10);
    expect(listener).toHaveBeenCalledTimes(3); // pending, running, done
  });

  test('H4 resume() after suspend() takes run() again, with a timer', async () => {
    const runner = createRunner<string>({ delay: 10 });
    runner.suspend();
    await flushMicrotasks();
    expect((await runner.run(() => 'refused')).status).toBe('cancelled');
    runner.resume();
    const outcome = track(runner.run(() => 'v'));
    expect(vi.getTimerCount()).toBe(1);
    await advance(10);
    expect(outcome.value).toEqual({ status: 'done', value: 'v' });
  });
});

describe('B status badge: a clock that goes back, and its timer', () => {
  /** Moves the fake clock (and the timers) `ms` on. */
  const after = (ms: number) => vi.advanceTimersByTime(ms);
  const rewind = (ms: number) => vi.setSystemTime(Date.now() - ms);
  // Each rewind comes right after a set(): the time between the badge's last reading and a jump is the
  // subject of test/core/faults.test.ts (a deadline may then come late by that time, never early).

  test('B2 a clock that goes back while a busy status waits does not delay it: "pending" then "saving" show at showAfter', () => {
    vi.setSystemTime(Date.UTC(2024, 0, 1));
    const badge = createStatusBadge<AutosaveStatus>('idle', { showAfter: 300 });
    badge.set('pending');
    after(100);
    badge.set('pending');
    rewind(10_000);
    expect(badge.set('saving')).toBe('idle'); // one busy stretch: its showAfter counts from 'pending'
    after(199);
    expect(badge.getSnapshot()).toBe('idle');
    after(1);
    expect(badge.getSnapshot()).toBe('saving');
  });

  test('B2 a clock that goes back while a busy status waits: setting the same status again keeps its moment', () => {
    vi.setSystemTime(Date.UTC(2024, 0, 1));
    const badge = createStatusBadge<AutosaveStatus>('idle', { showAfter: 300 });
    badge.set('pending');
    after(100);
    badge.set('pending');
    rewind(10_000);
    badge.set('pending');
    after(199);
    expect(badge.getSnapshot()).toBe('idle');
    after(1);
    expect(badge.getSnapshot()).toBe('pending');
  });

  test('B2 a clock that goes back while the timer waits (no set() meanwhile) does not delay the busy status', () => {
    vi.setSystemTime(Date.UTC(2024, 0, 1));
    const badge = createStatusBadge<AutosaveStatus>('idle', { showAfter: 300 });
    badge.set('pending');
    after(100);
    rewind(10_000);
    after(199);
    expect(badge.getSnapshot()).toBe('idle');
    after(1);
    expect(badge.getSnapshot()).toBe('pending');
  });

  test('B4 a clock that goes back while "saved" is shown does not keep it longer than savedFor', () => {
    vi.setSystemTime(Date.UTC(2024, 0, 1));
    const badge = createStatusBadge<AutosaveStatus>('idle', { savedFor: 2000 });
    expect(badge.set('saved')).toBe('saved');
    after(500);
    badge.set('saved');
    rewind(10_000);
    badge.set('saved');
    after(1499);
    expect(badge.getSnapshot()).toBe('saved');
    after(1);
    expect(badge.getSnapshot()).toBe('idle');
  });

  test('B8 after a hold ends, a new busy status arms one timer for its own showAfter, not one per millisecond', () => {
    vi.setSystemTime(Date.UTC(2024, 0, 1));
    const badge = createStatusBadge<AutosaveStatus>('idle', { showAfter: 300, minVisible: 500 });
    badge.set('pending');
    after(300);
    expect(badge.getSnapshot()).toBe('pending'); // held until 800
    after(500); // the hold ends exactly now
    const setTimeoutSpy = vi.spyOn(globalThis, 'setTimeout');
    expect(badge.set('saving')).toBe('pending'); // 'saving' waits for its own showAfter
    after(299);
    expect(badge.getSnapshot()).toBe('pending');
    after(1);
    expect(badge.getSnapshot()).toBe('saving');
    expect(setTimeoutSpy.mock.calls.length).toBeLessThanOrEqual(2);
    setTimeoutSpy.mockRestore();
  });
});

describe('issue 6 options: the messages say what was expected (T1, P1)', () => {
  test('P1 a bad priority: "priority must be a finite number"', () => {
    const runner = createLastTaskRunner<string>();
    expect(messageOf(() => runner.run(() => 'v', unsafe<RunOptions>({ priority: Infinity })))).toBe(
      'react-last-task: priority must be a finite number, got Infinity',
    );
  });

  test('T1 retry that is not an object, attempts out of range, a delay function returning nothing', async () => {
    expect(messageOf(() => createLastTaskRunner(unsafe<RunnerOptions>({ retry: 3 })))).toBe(
      'react-last-task: retry must be an object, got 3',
    );
    expect(messageOf(() => createLastTaskRunner({ retry: { attempts: 1.5 } }))).toBe(
      'react-last-task: retry.attempts must be an integer >= 1 or Infinity, got 1.5',
    );
    const runner = createLastTaskRunner<string>({ retry: { attempts: 2, delay: unsafe<() => number>(() => undefined) } });
    const outcome = track(
      runner.run(() => {
        throw new Error('down');
      }),
    );
    await advance(0);
    expect(outcome.value).toMatchObject({ status: 'error' });
    expect(String((outcome.value as { error: unknown }).error)).toBe(
      'RangeError: react-last-task: retry.delay() must be a finite number >= 0, got undefined',
    );
  });

  test('T1 attempts must be a number: the string "Infinity" (which == Infinity) is refused', () => {
    expect(messageOf(() => createLastTaskRunner({ retry: { attempts: unsafe<number>('Infinity') } }))).toBe(
      'react-last-task: retry.attempts must be an integer >= 1 or Infinity, got "Infinity"',
    );
  });

  test('T1 retry.delay 0 retries on the next timer, not after the default backoff', async () => {
    const runner = createLastTaskRunner<string>({ retry: { attempts: 2, delay: 0 } });
    let calls = 0;
    const outcome = track(
      runner.run(() => {
        if (++calls === 1) throw new Error('once');
        return 'second';
      }),
    );
    await advance(0);
    await advance(1); // a 0 ms timer set inside a timer callback fires 1 ms later under fake timers
    expect(calls).toBe(2);
    expect(outcome.value).toEqual({ status: 'done', value: 'second' });
  });
});
