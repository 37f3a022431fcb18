// docs/guides/integrations.md: a Next.js server action as the save: app/actions.ts
// #region nextjs-action
'use server';

import { db } from './db';
import { saveDoc } from './sql-ordering';

export async function saveDraft(id: string, body: string, key: number): Promise<{ ok: boolean; status: number }> {
  const { status } = saveDoc(db, id, body, key);
  return { ok: status === 200, status };
}
// #endregion
