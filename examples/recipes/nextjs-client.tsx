// docs/guides/integrations.md: the client side of the Next.js recipes: the autosave calls the server action with ctx.key.
// #region nextjs-client
'use client';

import { useState } from 'react';
import { useAutosave } from 'react-last-task';
import { saveDraft } from './nextjs-action';

export function Editor({ id, initial }: { id: string; initial: string }) {
  const [body, setBody] = useState(initial);
  const { status } = useAutosave(
    body,
    async (body, { key }) => {
      // A server action takes no AbortSignal: a superseded call still reaches the server, and its older key is refused.
      const result = await saveDraft(id, body, key);
      if (!result.ok) throw new Error(`Not saved (${result.status})`);
    },
    800,
  );
  return (
    <>
      <textarea aria-label="Body" value={body} onChange={(e) => setBody(e.target.value)} />
      <span>{status === 'saved' ? 'Saved' : status === 'error' ? 'Not saved' : ''}</span>
    </>
  );
}
// #endregion
