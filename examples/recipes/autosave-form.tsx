// docs/guides/autosave.md: an autosave form with a calm badge that screen readers can live with.
// #region autosave-form
import { useEffect, useState, type CSSProperties } from 'react';
import { useAutosave, useStatusBadge, type AutosaveStatus } from 'react-last-task';

type Note = { id: string; title: string; body: string };

const WORDS: Record<AutosaveStatus, string> = {
  idle: '',
  pending: 'Unsaved changes',
  saving: 'Saving…',
  saved: 'Saved',
  cancelled: 'Not saved',
  error: 'Couldn’t save',
};
const visuallyHidden: CSSProperties = {
  position: 'absolute',
  width: 1,
  height: 1,
  overflow: 'hidden',
  clipPath: 'inset(50%)',
  whiteSpace: 'nowrap',
};
const relative = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });

/** "Saved", then "Saved 1 minute ago", "Saved 2 hours ago", … */
function savedAgo(savedAt: number, now: number): string {
  const minutes = Math.floor(Math.max(0, now - savedAt) / 60_000);
  if (minutes < 1) return 'Saved';
  return `Saved ${minutes < 60 ? relative.format(-minutes, 'minute') : relative.format(-Math.floor(minutes / 60), 'hour')}`;
}

function useNow(every: number): number {
  const [now, setNow] = useState(Date.now);
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), every);
    return () => clearInterval(timer);
  }, [every]);
  return now;
}

function SaveBadge({
  status,
  error,
  lastSavedAt,
}: {
  status: AutosaveStatus;
  error: unknown;
  lastSavedAt: number | undefined;
}) {
  const shown = useStatusBadge(status, { savedFor: Infinity }); // no "Saving…" flash; "Saved …" stays
  const now = useNow(30_000);
  // Screen readers hear one polite message when a save lands or fails, never one per keystroke.
  // (Updated during render when the status changes, as React's docs advise, rather than in an effect.)
  const [announced, setAnnounced] = useState({ status, error, text: '' });
  if (status !== announced.status || error !== announced.error) {
    const text = status === 'saved' ? 'Saved' : status === 'error' ? `Couldn’t save: ${String(error)}` : announced.text;
    setAnnounced({ status, error, text });
  }
  return (
    <>
      <span>{shown === 'saved' && lastSavedAt !== undefined ? savedAgo(lastSavedAt, now) : WORDS[shown]}</span>
      <span role="status" style={visuallyHidden}>
        {announced.text}
      </span>
    </>
  );
}

export function NoteForm({ note }: { note: Note }) {
  const [draft, setDraft] = useState(note);
  const autosave = useAutosave(
    draft,
    async (draft, { signal, key }) => {
      const response = await fetch(`/api/notes/${draft.id}`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ title: draft.title, body: draft.body, key }),
        signal,
      });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
    },
    800,
    // maxWait saves at least every 5 s while the user keeps typing; keepLatest lets that save finish instead of
    // aborting it at the next keystroke, which a slow server would otherwise never see through.
    { maxWait: 5000, mode: 'keepLatest', saveOnUnmount: true },
  );
  return (
    <form>
      <input aria-label="Title" value={draft.title} onChange={(e) => setDraft({ ...draft, title: e.target.value })} />
      <textarea aria-label="Body" value={draft.body} onChange={(e) => setDraft({ ...draft, body: e.target.value })} />
      <SaveBadge {...autosave} />
      <button type="button" onClick={() => void autosave.flush()} disabled={!autosave.isDirty}>
        Save now
      </button>
    </form>
  );
}
// #endregion
