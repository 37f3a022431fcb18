/**
 * Surfaces an error thrown by user code that the runner called (a listener, a callback) without
 * letting it break the runner: it is rethrown on its own, where the host reports uncaught errors.
 */
export const reportError = (error: unknown): void => {
  queueMicrotask(() => {
    throw error;
  });
};
