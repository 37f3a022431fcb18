// docs/guides/exit.md: leaving inside the app with React Router: save, then go. useBlocker needs a
// data router (createBrowserRouter, createMemoryRouter, … with RouterProvider).
// #region router-blocker
import { useEffect, useState } from 'react';
import { useBlocker } from 'react-router';
import { useAutosave } from 'react-last-task';

export function NoteEditor({ id, initial }: { id: string; initial: string }) {
  const [body, setBody] = useState(initial);
  const { status, error, isDirty, flush } = useAutosave(
    body,
    async (body, { signal, key }) => {
      const response = await fetch(`/api/notes/${id}`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ body, key }),
        signal,
      });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
    },
    800,
    { warnBeforeUnload: true }, // leaving the site: the browser asks
  );
  // Leaving for another route while something is unsaved: save now, then go; if the save fails, stay.
  const blocker = useBlocker(isDirty);
  useEffect(() => {
    if (blocker.state !== 'blocked') return;
    let current = true;
    void flush().then((outcome) => {
      if (!current) return;
      if (outcome === undefined || outcome.status === 'done') blocker.proceed();
      else blocker.reset();
    });
    return () => {
      current = false;
    };
  }, [blocker, flush]);
  return (
    <>
      <textarea aria-label="Note" value={body} onChange={(e) => setBody(e.target.value)} />
      <span>
        {blocker.state === 'blocked'
          ? 'Saving before leaving…'
          : status === 'error'
            ? `Not saved (${String(error)}): you are still here`
            : status === 'saved'
              ? 'Saved'
              : ''}
      </span>
    </>
  );
}
// #endregion
