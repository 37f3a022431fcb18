// docs/guides/integrations.md: useAutosave with TanStack Query. The autosave owns the request; a save that
// landed writes the server's answer into the query cache. No useMutation: a mutation has no "superseded"
// outcome, so an aborted mutateAsync would end in onError (and in a MutationCache's global onError).
// #region tanstack-query
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { observeKey, useAutosave } from 'react-last-task';

type Doc = { id: string; body: string; key: number };

async function request(url: string, init: RequestInit): Promise<Doc> {
  const response = await fetch(url, init);
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  return (await response.json()) as Doc;
}

export function DocEditor({ id, notify }: { id: string; notify: (message: string) => void }) {
  const { data, error } = useQuery({
    queryKey: ['doc', id],
    queryFn: async ({ signal }) => {
      const doc = await request(`/api/docs/${id}`, { signal });
      observeKey(doc.key); // our next writes are ordered after the version we loaded
      return doc;
    },
    staleTime: Infinity, // the editor holds the text now: no refetch replaces what the user types
  });
  if (error) return <p role="alert">Couldn’t load: {String(error)}</p>;
  if (!data) return <p>Loading…</p>;
  return <DocForm doc={data} notify={notify} />;
}

function DocForm({ doc, notify }: { doc: Doc; notify: (message: string) => void }) {
  const queryClient = useQueryClient();
  const [body, setBody] = useState(doc.body);
  const { status } = useAutosave<string, Doc>(
    body,
    (body, { signal, key }) =>
      request(`/api/docs/${doc.id}`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ body, key }),
        signal,
      }),
    800,
    {
      // Called only for a save that landed: a superseded save resolves 'cancelled' and calls neither.
      onSaved: (_body, saved) => queryClient.setQueryData<Doc>(['doc', doc.id], saved),
      onError: (error) => notify(`Couldn’t save: ${String(error)}`), // real failures only: your toast
    },
  );
  return (
    <>
      <textarea aria-label="Body" value={body} onChange={(e) => setBody(e.target.value)} />
      <span>{status === 'saved' ? 'Saved' : status === 'error' ? 'Not saved' : ''}</span>
    </>
  );
}
// #endregion
