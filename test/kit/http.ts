import type { TestEngine } from './engine';

/** An HTTP answer as tests read it: the status, the body (parsed JSON, else the text), the raw text and headers. */
export interface HttpAnswer {
  status: number;
  body: any;
  text: string;
  headers: Headers;
}

/**
 * The test kit's one fetch wrapper: `json` is sent as a JSON body, redirects are not followed
 * (so a 303 can be asserted), and the body is parsed as JSON when it is JSON.
 */
export async function http(url: string, init: RequestInit & { json?: unknown } = {}): Promise<HttpAnswer> {
  const headers = new Headers(init.headers);
  let body = init.body;
  if (init.json !== undefined) {
    headers.set('content-type', 'application/json');
    body = JSON.stringify(init.json);
  }
  const res = await fetch(url, { ...init, headers, body, redirect: 'manual' });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    /* not JSON */
  }
  return { status: res.status, body: parsed, text, headers: res.headers };
}

/** An API call as a signed-in role, through `http`; the body is the JSON answer (undefined when empty). */
export async function apiCall(
  engine: TestEngine,
  method: string,
  path: string,
  body?: unknown,
  role: 'owner' | 'staff' = 'owner',
): Promise<{ status: number; body: any }> {
  const res = await http(`${engine.url}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...(await engine.auth(role)) },
    json: body,
  });
  return { status: res.status, body: res.text ? JSON.parse(res.text) : undefined };
}
