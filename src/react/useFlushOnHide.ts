import { useEffect } from 'react';

/**
 * While `on`, calls `flush` when the document becomes hidden (`visibilitychange` to hidden) or the page is left
 * (`pagehide`). pagehide may come while the page still counts as visible; a second flush finds the task in flight.
 */
export function useFlushOnHide(on: boolean | undefined, flush: () => void) {
  useEffect(() => {
    // No document (React Native, a worker): there is no page to hide.
    if (on && typeof document !== 'undefined') {
      const hide = (event: Event) => {
        if (event.type === 'pagehide' || document.visibilityState === 'hidden') flush();
      };
      document.addEventListener('visibilitychange', hide);
      window.addEventListener('pagehide', hide);
      return () => {
        document.removeEventListener('visibilitychange', hide);
        window.removeEventListener('pagehide', hide);
      };
    }
  }, [on, flush]);
}
