// docs/guides/integrations.md: a Next.js route handler as the save: app/api/docs/[id]/route.ts
// #region nextjs-route
import { db } from './db';
import { saveDoc } from './sql-ordering';

export async function PUT(request: Request, { params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const input = (await request.json().catch(() => null)) as { body?: unknown; key?: unknown } | null;
  if (typeof input?.body !== 'string' || typeof input.key !== 'number') {
    return Response.json({ error: 'body (string) and key (number) are required' }, { status: 400 });
  }
  const result = saveDoc(db, id, input.body, input.key);
  return Response.json(result, { status: result.status }); // 409: a newer write is already stored
}
// #endregion
