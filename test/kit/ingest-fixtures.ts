import type { TestEngine } from './engine';

/** A JSON call to a test engine as a user of the role; the body parsed when there is one. */
export async function apiCall(
  engine: TestEngine,
  method: string,
  path: string,
  body?: unknown,
  role: 'owner' | 'staff' = 'owner',
): Promise<{ status: number; body: any }> {
  const res = await fetch(`${engine.url}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...(await engine.auth(role)) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

/** Uploads a CSV to POST /api/imports/:kind as multipart field "file". */
export async function uploadCsv(
  engine: TestEngine,
  kind: string,
  csv: string | Buffer,
  query = '',
): Promise<{ status: number; body: any }> {
  const form = new FormData();
  form.append('file', new Blob([csv], { type: 'text/csv' }), `${kind}.csv`);
  const res = await fetch(`${engine.url}/api/imports/${kind}${query}`, {
    method: 'POST',
    headers: await engine.auth('owner'),
    body: form,
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}
