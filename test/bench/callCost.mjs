// Figure 1: the cost of one call while a task is already pending (the per-keystroke cost).
// One tinybench iteration is a batch of 100 calls, so each sample is far above the timer's resolution;
// the figure is the batch median divided by 100. The tasks run in several interleaved rounds, and each
// ratio is the median of the per-round ratios, so load that comes and goes on a shared machine hits
// ours and the peers alike.
import { Bench } from 'tinybench';
import { debouncers } from './subjects.mjs';
import { median } from './table.mjs';

export const BATCH = 100;

/**
 * Not an implementation: the least that a call of `run(task)` costs, whatever runs it. It is given a task (a
 * closure, as ours is), reads the clock (as every debounce does), makes a promise of the task's outcome, and
 * resolves the promise of the call it replaces; it schedules nothing.
 */
export const promiseFloor = {
  name: 'floor: a task, Date.now() and a promise per call',
  create(fn) {
    let resolveReplaced;
    let latest = { task: undefined, due: 0 };
    const superseded = { status: 'cancelled', reason: 'superseded' };
    const schedule = (task) => {
      latest = { task, due: Date.now() + 300 };
      const replaced = resolveReplaced;
      const promise = new Promise((resolve) => (resolveReplaced = resolve));
      replaced?.(superseded);
      return promise;
    };
    return {
      call: (value) => schedule(() => fn(value)),
      dispose() {
        resolveReplaced = undefined;
        return latest;
      },
    };
  },
};

const subjects = [...debouncers, promiseFloor];
export const ROUNDS = 3;

async function round({ time, warmupTime }) {
  const bench = new Bench({ time, warmupTime });
  for (const subject of subjects) {
    let instance;
    let value = 0;
    bench.add(
      subject.name,
      () => {
        for (let i = 0; i < BATCH; i++) instance.call(value++);
      },
      {
        beforeAll() {
          instance = subject.create(() => {});
          instance.call(value++); // now a task is pending, and it stays pending: calls come far faster than the delay
        },
        afterAll() {
          instance.dispose();
        },
      },
    );
  }
  await bench.run();
  return subjects.map((subject) => {
    const { result } = bench.getTask(subject.name);
    if (result.state !== 'completed') throw new Error(`${subject.name}: ${result.state} ${result.error ?? ''}`);
    return { nsPerCall: (result.latency.p50 * 1e6) / BATCH, rme: result.latency.rme };
  });
}

/** Per implementation: median ns per call over the rounds, the worst rme, and ours ÷ this (median per-round ratio). */
export async function measureCallCost({ time = 150, warmupTime = 50 } = {}) {
  const rounds = [];
  for (let r = 0; r < ROUNDS; r++) rounds.push(await round({ time, warmupTime }));
  const ours = subjects.findIndex((subject) => subject.ours);
  return subjects.map((subject, i) => ({
    name: subject.name,
    ours: !!subject.ours,
    nsPerCall: median(rounds.map((results) => results[i].nsPerCall)),
    rounds: rounds.map((results) => results[i].nsPerCall),
    rme: Math.max(...rounds.map((results) => results[i].rme)),
    ratio: median(rounds.map((results) => results[ours].nsPerCall / results[i].nsPerCall)),
  }));
}
