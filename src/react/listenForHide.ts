/**
 * Calls `flush` when the document becomes hidden (`visibilitychange` to hidden) or the page is left
 * (`pagehide`) until the returned function is called. pagehide may come while the page still counts as
 * visible; a second flush finds the task in flight. Without a document (React Native, a worker) there is no
 * page to hide, and nothing is listened to.
 */
export function listenForHide(flush: () => void): (() => void) | undefined {
  if (typeof document !== 'undefined') {
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
}
