import { reportError } from './reportError';

/**
 * The listeners of a store (runner, lanes, badge). A notification calls the listeners subscribed when it
 * began, each once, in the order they subscribed (R10): one that subscribes during it (even itself again)
 * waits for the next change, one that is unsubscribed before its turn is skipped. A listener that throws is
 * reported and does not stop the others.
 */
export function createListeners<A extends unknown[] = []>() {
  const listeners = new Set<(...args: A) => void>();
  let closed = false;
  return {
    /** Returns the function that unsubscribes; once closed, subscribing does nothing. */
    subscribe(listener: (...args: A) => void) {
      if (closed) return () => {};
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
    notify(...args: A) {
      for (const listener of [...listeners]) {
        if (listeners.has(listener)) {
          try {
            listener(...args);
          } catch (e) {
            reportError(e);
          }
        }
      }
    },
    /** Drops every listener for good: the store was disposed. */
    close() {
      closed = true;
      listeners.clear();
    },
  };
}
