// docs/guides/priorities-and-retries.md: priorities with the runner.
// #region runner-priorities
import { createLastTaskRunner } from 'react-last-task/core';

export function createSync(push: (signal: AbortSignal, key: number) => Promise<void>) {
  const sync = createLastTaskRunner<void>({ delay: 2000 });
  return {
    // Background sync every time something changes…
    changed: () => sync.run(({ signal, key }) => push(signal, key)),
    // …but the user's "Sync now" is never aborted by the next background run(): that one waits for it.
    syncNow: () => sync.run(({ signal, key }) => push(signal, key), { delay: 0, priority: 1 }),
    stop: () => sync.dispose(),
  };
}
// #endregion
