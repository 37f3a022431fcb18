// docs/guides/autosave.md: one autosave per field, one badge for the form.
// #region per-field
import { useState } from 'react';
import { mergeStatus, useAutosave, useStatusBadge, type AutosaveStatus } from 'react-last-task';

type Profile = { id: string; name: string; bio: string };

const WORDS: Record<AutosaveStatus, string> = {
  idle: '',
  pending: 'Unsaved changes',
  saving: 'Saving…',
  saved: 'Saved',
  cancelled: 'Not saved',
  error: 'Couldn’t save',
};

/** Saves one field. The server keeps a key per field: the fields' saves are ordered apart from each other. */
async function saveField(id: string, field: 'name' | 'bio', value: string, key: number, signal: AbortSignal) {
  const response = await fetch(`/api/profiles/${id}/${field}`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ value, key }),
    signal,
  });
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
}

export function ProfileForm({ profile }: { profile: Profile }) {
  const [name, setName] = useState(profile.name);
  const [bio, setBio] = useState(profile.bio);
  const nameSave = useAutosave(name, (name, { signal, key }) => saveField(profile.id, 'name', name, key, signal), 800);
  const bioSave = useAutosave(bio, (bio, { signal, key }) => saveField(profile.id, 'bio', bio, key, signal), 800);
  const shown = useStatusBadge(mergeStatus(nameSave.status, bioSave.status));
  return (
    <form>
      <input aria-label="Name" value={name} onChange={(e) => setName(e.target.value)} />
      <textarea aria-label="Bio" value={bio} onChange={(e) => setBio(e.target.value)} />
      <span>{WORDS[shown]}</span>
    </form>
  );
}
// #endregion
