// docs/guides/without-react.md: the runner without React.
// #region runner-core
import { createLastTaskRunner } from 'react-last-task/core';

export function autosaveTextarea(editor: HTMLTextAreaElement, badge: HTMLElement, url: string) {
  const saver = createLastTaskRunner<void>({ delay: 500, mode: 'keepLatest' });
  const onInput = () => {
    const text = editor.value;
    void saver.run(async ({ signal, key, trigger }) => {
      const response = await fetch(url, {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ text, key }),
        signal,
        keepalive: trigger === 'flush', // flushed below when the page is hidden
      });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
    });
  };
  const onHidden = () => {
    if (document.visibilityState === 'hidden') void saver.flush();
  };
  editor.addEventListener('input', onInput);
  document.addEventListener('visibilitychange', onHidden);
  const unsubscribe = saver.subscribe(() => {
    badge.textContent = saver.getSnapshot().status; // idle, pending, running, done, error
  });
  return () => {
    editor.removeEventListener('input', onInput);
    document.removeEventListener('visibilitychange', onHidden);
    unsubscribe();
    saver.dispose();
  };
}
// #endregion
