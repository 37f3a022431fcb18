import { useState, useSyncExternalStore } from 'react';
import { createDraft, type Draft, type DraftOptions, type DraftSnapshot } from '../core/createDraft';
import { useIsomorphicLayoutEffect } from './useIsomorphicLayoutEffect';

/**
 * A durable draft for `useAutosave` (D1–D7), kept under `name` in `options.store` (localStorage by default).
 * Returns the draft to pass as `useAutosave`'s `draft` option, and its state: `recovered`, a draft this device
 * holds that the screen does not show (kept by a reload or a crash, or another tab's newer edit), and `offline`,
 * a save waiting for the network (O1, O2). `name` is read once: give the component a `key` for another draft.
 *
 * @example
 * const [draft, { recovered, offline }] = useDraft<string>(`doc:${id}`, { savedKey: doc.key, restore: setText });
 * const autosave = useAutosave(text, save, 800, { draft });
 * {recovered && <p>Unsaved text from {new Date(recovered.writtenAt).toLocaleString()}:
 *   <button onClick={() => setText(recovered.value)}>Restore</button> <button onClick={draft.discard}>Discard</button></p>}
 */
export function useDraft<T>(name: string, options?: DraftOptions<T>): [Draft<T>, DraftSnapshot<T>] {
  const [draft] = useState(() => createDraft<T>(name, options));
  useIsomorphicLayoutEffect(() => draft.configure(options), [draft, options]);
  return [draft, useSyncExternalStore(draft.subscribe, draft.getSnapshot, draft.getSnapshot)];
}
