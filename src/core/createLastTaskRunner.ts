import { checkOptions } from './checkOptions';
import { createRunner } from './createRunner';
import type { LastTaskRunner, RunnerOptions } from './types';

/**
 * Creates a runner that only lets the last task count: each `run()` schedules a task after `delay`,
 * replaces a task still waiting, and (in `'restart'` mode) aborts one already running.
 *
 * @example
 * const search = createLastTaskRunner<Hit[]>({ delay: 250 });
 * const outcome = await search.run(({ signal }) => fetch(`/search?q=${q}`, { signal }).then((r) => r.json()));
 * if (outcome.status === 'done') render(outcome.value);
 */
export function createLastTaskRunner<T>(options?: RunnerOptions): LastTaskRunner<T> {
  const { run, flush, cancel, dispose, getSnapshot, subscribe } = createRunner<T>(checkOptions(options));
  return { run, flush, cancel, dispose, getSnapshot, subscribe };
}
