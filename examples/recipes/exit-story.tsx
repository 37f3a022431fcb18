// docs/guides/autosave.md: "Save now", retries and the exit story in one form.
// #region exit-story
import { useState } from 'react';
import { useAutosave, useStatusBadge } from 'react-last-task';

type Draft = { id: string; body: string };

export function DraftEditor({ draft: initial }: { draft: Draft }) {
  const [draft, setDraft] = useState(initial);
  const { status, flush, isDirty } = useAutosave(
    draft,
    async (draft, { signal, key, attempt, trigger }) => {
      const response = await fetch(`/api/drafts/${draft.id}`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json', 'x-attempt': String(attempt) },
        body: JSON.stringify({ body: draft.body, key }), // every attempt sends the same key
        signal,
        // The page is going away: let the request outlive it (keepalive bodies are limited to 64 kB).
        keepalive: trigger === 'hidden' || trigger === 'unmount',
      });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
    },
    800,
    {
      // 3 attempts in all, 1 s then 2 s apart; a 4xx answer is not worth another try.
      retry: { attempts: 3, shouldRetry: (error) => !/HTTP 4/.test(String(error)) },
      flushOnHide: true, // switching tabs, closing the laptop, navigating away: saved at once
      warnBeforeUnload: true, // the browser asks before leaving while something is unsaved
      saveOnUnmount: true,
    },
  );
  const shown = useStatusBadge(status);
  return (
    <form>
      <textarea aria-label="Draft" value={draft.body} onChange={(e) => setDraft({ ...draft, body: e.target.value })} />
      <span>
        {shown === 'saving' ? 'Saving…' : shown === 'saved' ? 'Saved' : shown === 'error' ? 'Couldn’t save' : ''}
      </span>
      <button type="button" onClick={() => void flush()} disabled={!isDirty}>
        Save now
      </button>
    </form>
  );
}
// #endregion
