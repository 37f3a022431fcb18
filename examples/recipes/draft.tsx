// docs/api.md and docs/guides/edge-of-the-page.md: the useDraft example, in a component that compiles and a test that reloads it.
import { useState } from 'react';
import { useAutosave, useDraft } from 'react-last-task';

type Doc = { id: string; body: string; key: number };
type SaveBody = (body: string, ctx: { signal: AbortSignal; key: number }) => Promise<void>;

export function DocBody({ doc, saveBody }: { doc: Doc; saveBody: SaveBody }) {
  // #region use-draft
  const [text, setText] = useState(doc.body);
  const [draft, { recovered, offline }] = useDraft<string>(`doc:${doc.id}:body`, {
    savedKey: doc.key,
    restore: setText,
  });
  const { status } = useAutosave(text, saveBody, 800, { draft });
  // #endregion
  return (
    <>
      <textarea aria-label="Body" value={text} onChange={(e) => setText(e.target.value)} />
      <span>{offline ? 'Offline: kept on this device' : status === 'saved' ? 'Saved' : ''}</span>
      {recovered && <p>Unsaved text from {new Date(recovered.writtenAt).toISOString()}</p>}
    </>
  );
}
