import { useState, useSyncExternalStore } from 'react';
import { createLanes, type LastTaskLanes } from '../core/createLastTaskLanes';
import { createListeners } from '../core/createListeners';
import type { RunnerOptions, RunnerSnapshot, TaskStatus } from '../core/types';
import { useIsomorphicLayoutEffect } from './useIsomorphicLayoutEffect';

export interface UseLastTaskLanesResult<K, T> {
  /** Schedules a task on `key`'s lane; see `LastTaskLanes.run`. Stable for the component's whole life. */
  run: LastTaskLanes<K, T>['run'];
  /** Starts `key`'s waiting task now, or every lane's without a key; see `LastTaskLanes.flush`. Stable. */
  flush: LastTaskLanes<K, T>['flush'];
  /** Drops the waiting task and aborts the running one of `key`'s lane, or of every lane. Stable. */
  cancel: LastTaskLanes<K, T>['cancel'];
  /** One status for all lanes: `error > running > pending > cancelled > done > idle`. */
  status: TaskStatus;
  /**
   * The snapshot of `key`'s lane. Calling it during render subscribes the component to that lane: the
   * component re-renders when a lane it read in its last render changes, not when another lane does.
   * Stable. To show lanes in memoized children, pass them the snapshot, not `get`.
   */
  get: (key: K) => RunnerSnapshot<T>;
}

/**
 * Re-renders the component only for the changes it can see: the aggregate status, and the lanes it read
 * with `get()` in its last render (or reads in the render under way).
 */
function watch<K, T>(options: RunnerOptions | undefined) {
  const lanes = createLanes<K, T>(options);
  let version = 0;
  let status = lanes.getStatus();
  /** The keys read by the render under way; after the commit, also those of the committed render. */
  let reading = new Set<K>();
  let committed = reading;
  const onChanges = createListeners();
  // Subscribed for the object's whole life (it is this component's own), so that no change is missed
  // between the first render and useSyncExternalStore's subscription.
  lanes.subscribe((key) => {
    const next = lanes.getStatus();
    if (next !== status || reading.has(key) || committed.has(key)) {
      status = next;
      version++;
      onChanges.notify();
    }
  });
  return {
    lanes,
    getVersion: () => version,
    subscribe: onChanges.subscribe,
    render() {
      reading = new Set();
    },
    commit() {
      committed = reading;
    },
    get(key: K) {
      reading.add(key);
      return lanes.getSnapshot(key);
    },
  };
}

/**
 * Last-task lanes tied to the component, one lane per key (a field, a row id, a document id): each key
 * has its own debounce, abort and status, and unmounting cancels every lane with reason `'disposed'`.
 *
 * @example
 * const { run, get, status } = useLastTaskLanes<number, Row>({ delay: 500 });
 * rows.map((row) => (
 *   <RowView key={row.id} row={row} lane={get(row.id)}
 *     onEdit={(next) => run(row.id, ({ signal }) => api.saveRow(next, signal))} />
 * ));
 */
export function useLastTaskLanes<K = string, T = unknown>(options?: RunnerOptions): UseLastTaskLanesResult<K, T> {
  const [view] = useState(() => watch<K, T>(options));
  const { lanes } = view;
  useIsomorphicLayoutEffect(() => {
    lanes.configure(options);
    view.commit();
  });
  useIsomorphicLayoutEffect(() => {
    lanes.resume();
    return lanes.suspend;
  }, [lanes]);
  useSyncExternalStore(view.subscribe, view.getVersion, view.getVersion);
  view.render();
  return { run: lanes.run, flush: lanes.flush, cancel: lanes.cancel, status: lanes.getStatus(), get: view.get };
}
