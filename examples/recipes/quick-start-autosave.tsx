// README.md, "Autosave": a draft that saves itself while the user types.
// #region quick-start-autosave
import { useState } from 'react';
import { useAutosave } from 'react-last-task';

type Draft = { id: string; body: string };

export function DraftEditor({ initial }: { initial: Draft }) {
  const [draft, setDraft] = useState(initial);
  const { status, flush } = useAutosave(
    draft,
    async (draft, { signal, key }) => {
      const response = await fetch(`/api/drafts/${draft.id}`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        // `key` orders the writes: the server keeps the greatest key it stored and refuses an older one.
        body: JSON.stringify({ body: draft.body, key }),
        signal,
      });
      if (!response.ok) throw new Error(`HTTP ${response.status}`); // a 500 is not "saved"
    },
    800,
  );
  return (
    <>
      <textarea aria-label="Draft" value={draft.body} onChange={(e) => setDraft({ ...draft, body: e.target.value })} />
      <span>
        {status === 'saving' ? 'Saving…' : status === 'saved' ? 'Saved' : status === 'error' ? 'Couldn’t save' : ''}
      </span>
      <button type="button" onClick={() => void flush()}>
        Save now
      </button>
    </>
  );
}
// #endregion
