// docs/guides/integrations.md: useAutosave with react-hook-form.
// #region react-hook-form
import { useForm, useWatch } from 'react-hook-form';
import { useAutosave } from 'react-last-task';

type Profile = { name: string; address: { city: string } };

// useWatch() hands out the form's values, which react-hook-form edits in place: clone them, and compare by
// content, so a re-render is not a change and a nested edit is one.
const sameContent = (a: Profile, b: Profile) => JSON.stringify(a) === JSON.stringify(b);

export function ProfileForm({ profile }: { profile: Profile }) {
  const { register, control, formState } = useForm<Profile>({ defaultValues: profile, mode: 'onChange' });
  const values = structuredClone(useWatch({ control })) as Profile; // whole: every field has a default
  const { status } = useAutosave(
    values,
    async (values, { signal, key }) => {
      const response = await fetch('/api/profile', {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ ...values, key }),
        signal,
      });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
    },
    800,
    { isEqual: sameContent, enabled: formState.isValid }, // an invalid form is held, not saved
  );
  return (
    <form>
      <input aria-label="Name" {...register('name', { required: true })} />
      <input aria-label="City" {...register('address.city')} />
      <span>
        {!formState.isValid ? 'A name is needed' : status === 'saved' ? 'Saved' : status === 'error' ? 'Not saved' : ''}
      </span>
    </form>
  );
}
// #endregion
