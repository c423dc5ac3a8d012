import type { TestEngine } from './engine';

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
