import { useReducer, useState } from 'react';
import { createBadge, type StatusBadgeOptions } from '../core/createStatusBadge';
import { useIsomorphicLayoutEffect } from './useIsomorphicLayoutEffect';

const count = (renders: number) => renders + 1;

/**
 * Turns a status that changes quickly into one that is calm to read: a busy status (`'pending'`,
 * `'saving'`, `'running'`) shows only once it has lasted `showAfter` and then stays `minVisible`;
 * `'saved'` / `'done'` goes back to `'idle'` after `savedFor`; `'error'` shows at once. Works with an
 * `AutosaveStatus`, a `TaskStatus` or any string status. The component re-renders only when the status
 * to show changes on a timer.
 *
 * @example
 * const { status } = useAutosave(draft, saveDraft, 800);
 * const shown = useStatusBadge(status); // a 120 ms save never flashes "Saving…"
 * <span role="status">{shown === 'saving' ? 'Saving…' : shown === 'saved' ? 'Saved' : ''}</span>
 */
export function useStatusBadge<S extends string>(status: S, options?: StatusBadgeOptions): S | 'idle' {
  const [badge] = useState(() => createBadge(status, options));
  const [, rerender] = useReducer(count, 0);
  // Computed, not stored, during render: the status shows in the same render that brought it, and
  // set() below makes it the badge's state once this render commits.
  const shown = badge.peek(status, options);
  useIsomorphicLayoutEffect(() => {
    const unsubscribe = badge.subscribe(rerender);
    return () => {
      unsubscribe();
      badge.stop();
    };
  }, [badge]);
  useIsomorphicLayoutEffect(() => {
    badge.configure(options);
    // Time may have passed since the render (a deadline in between): then show what is true now.
    if (badge.set(status) !== shown) rerender();
  });
  return shown;
}
