// docs/api.md: createLastTaskRunner in a few lines.
// #region runner-api
import { createLastTaskRunner } from 'react-last-task';

type Hit = { id: string; title: string };

export function createSearch(show: (hits: Hit[]) => void, showError: (error: unknown) => void) {
  const runner = createLastTaskRunner<Hit[]>({ delay: 250, maxWait: 1000, mode: 'restart' });
  return async function search(query: string) {
    const outcome = await runner.run(async ({ signal }) => {
      const response = await fetch(`/api/search?q=${encodeURIComponent(query)}`, { signal });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      return (await response.json()) as Hit[];
    });
    if (outcome.status === 'done') show(outcome.value);
    if (outcome.status === 'error') showError(outcome.error);
    // 'cancelled': a newer search replaced this one; nothing to show
  };
}
// #endregion
