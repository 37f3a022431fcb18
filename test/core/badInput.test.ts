import { describe, expect, test, vi } from 'vitest';
import {
  createLastTaskRunner,
  type RunnerOptions,
  type RunOptions,
  type Task,
  type TaskContext,
} from '../../src/index';
import {
  advance,
  deferred,
  flushMicrotasks,
  messageOf,
  record,
  thrownBy,
  track,
  unsafe,
  withRunnerTestEnv,
} from '../helpers/core';

withRunnerTestEnv();

function expectNamedRangeError(error: unknown, option: string, shown: string): void {
  expect(error).toBeInstanceOf(RangeError);
  const message = (error as RangeError).message;
  expect(message).toContain(option);
  expect(message).toContain(shown);
}

const badDelays: Array<[unknown, string]> = [
  [NaN, 'NaN'],
  [-1, '-1'],
  [-0.5, '-0.5'],
  [Infinity, 'Infinity'],
  [-Infinity, '-Infinity'],
  [null, 'null'],
  ['100', '100'],
  ['soon', 'soon'],
  [true, 'true'],
];

const badMaxWaits: Array<[unknown, string]> = [
  [NaN, 'NaN'],
  [-1, '-1'],
  [-Infinity, '-Infinity'],
  [null, 'null'],
  ['250', '250'],
  ['later', 'later'],
  [false, 'false'],
];

describe('createLastTaskRunner()', () => {
  test.each(badDelays)('R13 delay %s throws a RangeError naming the option and the value', (value, shown) => {
    const error = thrownBy(() => createLastTaskRunner(unsafe<RunnerOptions>({ delay: value })));
    expectNamedRangeError(error, 'delay', shown);
  });

  test.each(badMaxWaits)('R13 maxWait %s throws a RangeError naming the option and the value', (value, shown) => {
    const error = thrownBy(() => createLastTaskRunner(unsafe<RunnerOptions>({ delay: 10, maxWait: value })));
    expectNamedRangeError(error, 'maxWait', shown);
  });

  test.each([['debounce'], ['RESTART'], [''], [null], [1]])('R13 an unknown mode %s throws a RangeError', (mode) => {
    const error = thrownBy(() => createLastTaskRunner(unsafe<RunnerOptions>({ mode })));
    expect(error).toBeInstanceOf(RangeError);
  });

  test('R13 an unknown mode is named in the message', () => {
    const error = thrownBy(() => createLastTaskRunner(unsafe<RunnerOptions>({ mode: 'debounce' })));
    expect((error as Error).message).toContain('mode');
    expect((error as Error).message).toContain('debounce');
  });

  test('R13 options that are undefined count as not given', async () => {
    const runner = createLastTaskRunner<string>(
      unsafe<RunnerOptions>({ delay: undefined, maxWait: undefined, mode: undefined }),
    );
    const gate = deferred<string>();
    let signal: AbortSignal | undefined;
    runner.run((ctx) => {
      signal = ctx.signal;
      return gate.promise;
    });
    await advance(0); // default delay 0
    expect(signal).toBeDefined();
    runner.run(() => 'next');
    expect(signal?.aborted).toBe(true); // default mode 'restart'
  });

  test('R13 no options and an empty options object are fine', () => {
    expect(() => createLastTaskRunner()).not.toThrow();
    expect(() => createLastTaskRunner(undefined)).not.toThrow();
    expect(() => createLastTaskRunner({})).not.toThrow();
  });

  test('R13 the edge values delay 0, maxWait 0, maxWait Infinity and fractional delays are accepted', () => {
    expect(() => createLastTaskRunner({ delay: 0 })).not.toThrow();
    expect(() => createLastTaskRunner({ delay: 12.5 })).not.toThrow();
    expect(() => createLastTaskRunner({ maxWait: 0 })).not.toThrow();
    expect(() => createLastTaskRunner({ maxWait: Infinity })).not.toThrow();
    expect(() => createLastTaskRunner({ delay: 100, maxWait: 5, mode: 'keepLatest' })).not.toThrow();
  });
});

describe('run()', () => {
  test.each(badDelays)(
    'R13 a per-call delay %s throws a RangeError naming the option and the value, synchronously',
    (value, shown) => {
      const runner = createLastTaskRunner<string>();
      const task = vi.fn(() => 'x');
      const error = thrownBy(() => runner.run(task, unsafe<RunOptions>({ delay: value })));
      expectNamedRangeError(error, 'delay', shown);
      expect(task).not.toHaveBeenCalled();
    },
  );

  test.each([[undefined], [null], ['task'], [42], [{}], [Promise.resolve('x')]])(
    'R13 a task %s that is not a function throws a TypeError, synchronously',
    (task) => {
      const runner = createLastTaskRunner<string>();
      const error = thrownBy(() => runner.run(unsafe<Task<string>>(task)));
      expect(error).toBeInstanceOf(TypeError);
    },
  );

  test('R13 a bad run() between good ones leaves the pending task, its deadline and the snapshot as they were', async () => {
    const runner = createLastTaskRunner<string>({ delay: 100 });
    const first = vi.fn((ctx: TaskContext<string>) => `first #${ctx.seq}`);
    const outcome = track(runner.run(first));
    const recorder = record(runner);
    const pending = runner.getSnapshot();
    await advance(50);

    const badTask = vi.fn(() => 'bad');
    expect(() => runner.run(badTask, unsafe<RunOptions>({ delay: -5 }))).toThrow(RangeError);
    expect(() => runner.run(unsafe<Task<string>>(null))).toThrow(TypeError);
    expect(runner.getSnapshot()).toBe(pending);
    expect(recorder.listener).not.toHaveBeenCalled();
    await flushMicrotasks();
    expect(outcome.settled).toBe(false); // not superseded

    await advance(50); // the original deadline
    expect(first).toHaveBeenCalledTimes(1);
    expect(outcome.value).toEqual({ status: 'done', value: 'first #1' });
    expect(badTask).not.toHaveBeenCalled();

    const next = vi.fn((ctx: TaskContext<string>) => `next #${ctx.seq}`);
    const nextOutcome = track(runner.run(next));
    await advance(100);
    expect(nextOutcome.value).toEqual({ status: 'done', value: 'next #2' });
  });

  test('R13 a bad run() while a task is running does not abort it (restart mode)', async () => {
    const runner = createLastTaskRunner<string>();
    const gate = deferred<string>();
    let signal: AbortSignal | undefined;
    const outcome = track(
      runner.run((ctx) => {
        signal = ctx.signal;
        return gate.promise;
      }),
    );
    await advance(0);
    const running = runner.getSnapshot();

    expect(() => runner.run(() => 'bad', unsafe<RunOptions>({ delay: NaN }))).toThrow(RangeError);
    expect(() => runner.run(unsafe<Task<string>>('not a task'))).toThrow(TypeError);
    expect(signal?.aborted).toBe(false);
    expect(runner.getSnapshot()).toBe(running);
    gate.resolve('kept running');
    await flushMicrotasks();
    expect(outcome.value).toEqual({ status: 'done', value: 'kept running' });
  });

  test('R13 a bad run() on an idle runner creates no timer and leaves it idle', () => {
    const runner = createLastTaskRunner<string>({ delay: 100 });
    const idle = runner.getSnapshot();
    expect(() => runner.run(() => 'x', unsafe<RunOptions>({ delay: 'soon' }))).toThrow(RangeError);
    expect(vi.getTimerCount()).toBe(0);
    expect(runner.getSnapshot()).toBe(idle);
  });

  test('R13 a per-call delay of undefined is fine and means the runner delay', async () => {
    const runner = createLastTaskRunner<string>({ delay: 30 });
    const task = vi.fn(() => 'x');
    expect(() => runner.run(task, unsafe<RunOptions>({ delay: undefined }))).not.toThrow();
    await advance(29);
    expect(task).not.toHaveBeenCalled();
    await advance(1);
    expect(task).toHaveBeenCalledTimes(1);
  });
});

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
    expect(messageOf(() => createLastTaskRunner<number>().run(unsafe<Task<number>>(42)))).toMatch(
      / task must be a function, got 42$/,
    );
    expect(messageOf(() => createLastTaskRunner(unsafe<RunnerOptions>(100)))).toMatch(
      / options must be an object, got 100$/,
    );
  });
});

// The same bad values, each with its text first (as test.each shows it in the test's name).
const shownDelays: Array<[string, unknown]> = [
  ['NaN', NaN],
  ['-1', -1],
  ['Infinity', Infinity],
  ['"100"', '100'],
  ['null', null],
];
const shownMaxWaits: Array<[string, unknown]> = [
  ['NaN', NaN],
  ['-1', -1],
  ['-Infinity', -Infinity],
  ['"100"', '100'],
  ['null', null],
];
const notObjects: Array<[string, unknown]> = [
  ['a number', 100],
  ['a string', 'fast'],
  ['true', true],
  ['null', null],
  ['a function', () => 100],
];
const notFunctions: Array<[string, unknown]> = [
  ['undefined', undefined],
  ['null', null],
  ['a string', 'task'],
  ['a promise', Promise.resolve('v')],
  ['an object', { run: () => 'v' }],
];

describe('fault: bad input to createLastTaskRunner()', () => {
  test.each(shownDelays)('R13 fault: delay %s throws a RangeError naming delay and the value', (shown, delay) => {
    const error = thrownBy(() => createLastTaskRunner(unsafe<RunnerOptions>({ delay })));
    expect(error).toBeInstanceOf(RangeError);
    expect(String((error as Error).message)).toContain('delay must be');
    expect(String((error as Error).message)).toContain(shown.replace(/"/g, ''));
  });

  test.each(shownMaxWaits)(
    'R13 fault: maxWait %s throws a RangeError naming maxWait and the value',
    (shown, maxWait) => {
      const error = thrownBy(() => createLastTaskRunner(unsafe<RunnerOptions>({ maxWait })));
      expect(error).toBeInstanceOf(RangeError);
      expect(String((error as Error).message)).toContain('maxWait must be');
      expect(String((error as Error).message)).toContain(shown.replace(/"/g, ''));
    },
  );

  test('R13 maxWait Infinity is allowed (no limit), and undefined options count as not given', async () => {
    const runner = createLastTaskRunner<string>(
      unsafe<RunnerOptions>({ delay: undefined, maxWait: Infinity, mode: undefined }),
    );
    const task = vi.fn(() => 'v');
    runner.run(task);
    await advance(0);
    expect(task).toHaveBeenCalledTimes(1);
  });

  test.each(notObjects)('R13 fault: options that are %s throw a TypeError naming options', (_, options) => {
    const error = thrownBy(() => createLastTaskRunner(unsafe<RunnerOptions>(options)));
    expect(error).toBeInstanceOf(TypeError);
    expect(String((error as Error).message)).toContain('options must be');
  });

  test('R13 fault: an unknown mode throws a RangeError naming mode and the value', () => {
    const error = thrownBy(() => createLastTaskRunner(unsafe<RunnerOptions>({ mode: 'debounce' })));
    expect(error).toBeInstanceOf(RangeError);
    expect(String((error as Error).message)).toContain('mode must be');
    expect(String((error as Error).message)).toContain('debounce');
  });
});

describe('fault: bad input to run()', () => {
  /** A runner with a pending task, to show a bad call leaves it as it was. */
  async function withPending() {
    const runner = createLastTaskRunner<string>({ delay: 100 });
    const seqs: number[] = [];
    const pendingTask = vi.fn((ctx: TaskContext<string>) => {
      seqs.push(ctx.seq);
      return 'pending';
    });
    const pending = track(runner.run(pendingTask));
    await advance(40);
    const rec = record(runner);
    const snapshot = runner.getSnapshot();
    const expectUnchanged = async () => {
      expect(runner.getSnapshot()).toBe(snapshot);
      expect(rec.listener).not.toHaveBeenCalled();
      expect(vi.getTimerCount()).toBe(1);
      await flushMicrotasks();
      expect(pending.settled).toBe(false);
      await advance(60); // the pending task keeps its deadline
      expect(pendingTask).toHaveBeenCalledTimes(1);
      expect(pending.value).toEqual({ status: 'done', value: 'pending' });
      // ...and the bad call did not count as a call: the next task gets seq 2.
      runner.run((ctx) => {
        seqs.push(ctx.seq);
        return 'next';
      });
      await advance(100);
      expect(seqs).toEqual([1, 2]);
    };
    return { runner, expectUnchanged };
  }

  test.each(shownDelays)(
    'R13 fault: a per-call delay %s throws a RangeError and leaves the runner as it was',
    async (shown, delay) => {
      const { runner, expectUnchanged } = await withPending();
      const task = vi.fn(() => 'bad');
      const error = thrownBy(() => runner.run(task, unsafe<RunOptions>({ delay })));
      expect(error).toBeInstanceOf(RangeError);
      expect(String((error as Error).message)).toContain('delay must be');
      expect(String((error as Error).message)).toContain(shown.replace(/"/g, ''));
      await expectUnchanged();
      expect(task).not.toHaveBeenCalled();
    },
  );

  test.each(notObjects)(
    'R13 fault: run() options that are %s throw a TypeError and leave the runner as it was',
    async (_, options) => {
      const { runner, expectUnchanged } = await withPending();
      const task = vi.fn(() => 'bad');
      const error = thrownBy(() => runner.run(task, unsafe<RunOptions>(options)));
      expect(error).toBeInstanceOf(TypeError);
      expect(String((error as Error).message)).toContain('options must be');
      await expectUnchanged();
      expect(task).not.toHaveBeenCalled();
    },
  );

  test.each(notFunctions)(
    'R13 fault: a task that is %s throws a TypeError naming task and leaves the runner as it was',
    async (_, task) => {
      const { runner, expectUnchanged } = await withPending();
      const error = thrownBy(() => runner.run(unsafe<Task<string>>(task)));
      expect(error).toBeInstanceOf(TypeError);
      expect(String((error as Error).message)).toContain('task must be');
      await expectUnchanged();
    },
  );

  test('R13 a per-call delay of undefined counts as not given (the runner delay applies)', async () => {
    const runner = createLastTaskRunner<string>({ delay: 100 });
    const task = vi.fn(() => 'v');
    runner.run(task, unsafe<RunOptions>({ delay: undefined }));
    await advance(99);
    expect(task).not.toHaveBeenCalled();
    await advance(1);
    expect(task).toHaveBeenCalledTimes(1);
  });
});
