import { fail } from './checkOptions';
import type { AutosaveStatus } from './types';

/** From most to least urgent: the first of these that any status is wins; with none of them, `'idle'`. */
const ORDER: readonly AutosaveStatus[] = ['error', 'saving', 'pending', 'cancelled', 'saved', 'idle'];

/**
 * Merges the statuses of several `useAutosave`s into one, for a single badge: the most urgent wins, in the
 * order `error > saving > pending > cancelled > saved > idle`; with no status at all, `'idle'`.
 *
 * @example
 * const title = useAutosave(form.title, saveTitle);
 * const body = useAutosave(form.body, saveBody);
 * <Badge status={mergeStatus(title.status, body.status)} />
 */
export function mergeStatus(...statuses: AutosaveStatus[]): AutosaveStatus {
  let rank = ORDER.length - 1;
  for (const status of statuses) {
    const at = ORDER.indexOf(status);
    if (at < 0) fail('status', `one of ${ORDER.join(', ')}`, status);
    if (at < rank) rank = at;
  }
  return ORDER[rank]!;
}
