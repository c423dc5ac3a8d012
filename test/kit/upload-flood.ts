import * as fs from 'node:fs';
import * as http from 'node:http';
import { randomBytes } from 'node:crypto';

/**
 * Hostile CSV uploads sent to a real engine process, and its memory read from
 * /proc/<pid>/status (docs/import.md#bounded-uploads). Used by the upload test and
 * `npm run bench:upload`.
 */
export interface HostileUpload {
  name: string;
  /** Total bytes of the file part. */
  bytes: number;
  /** Writes the file part's content, chunk by chunk. */
  chunks(): Generator<Buffer>;
}

const MB = 1024 * 1024;

function* repeat(head: string, fill: Buffer, bytes: number): Generator<Buffer> {
  const first = Buffer.from(head);
  yield first;
  let left = bytes - first.length;
  while (left > 0) {
    const n = Math.min(left, fill.length);
    yield n === fill.length ? fill : fill.subarray(0, n);
    left -= n;
  }
}

/** The three files of the issue: one huge unterminated cell, a million columns, a 1 GB body. */
export function hostileUploads(opts: { hugeCellMb?: number; bodyMb?: number } = {}): HostileUpload[] {
  const cell = (opts.hugeCellMb ?? 40) * MB;
  const body = (opts.bodyMb ?? 1024) * MB;
  return [
    {
      name: `one unterminated quoted cell of ${cell / MB} MB`,
      bytes: cell,
      chunks: () => repeat('external_id,first_name\nX-1,"', Buffer.alloc(MB, 'a'), cell),
    },
    {
      name: 'a million columns',
      bytes: 1_000_020,
      chunks: () => repeat('external_id', Buffer.alloc(1_000_009, ','), 1_000_020),
    },
    {
      name: `a ${body / MB} MB body`,
      bytes: body,
      chunks: () => repeat('external_id,first_name\n', Buffer.alloc(MB, 'b,c\n'), body),
    },
  ];
}

/**
 * POSTs the upload as multipart/form-data field "file", streamed (backpressure honoured); stops
 * writing once the engine has answered. Resolves with the status and the body's first 2 KB.
 */
export function postUpload(
  url: string,
  headers: Record<string, string>,
  upload: HostileUpload,
): Promise<{ status: number; body: string }> {
  const boundary = `----touchbase${randomBytes(8).toString('hex')}`;
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="hostile.csv"\r\n` +
      'Content-Type: text/csv\r\n\r\n',
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  return new Promise((resolve, reject) => {
    let answered = false;
    const req = http.request(url, {
      method: 'POST',
      headers: {
        ...headers,
        'content-type': `multipart/form-data; boundary=${boundary}`,
        'content-length': String(head.length + upload.bytes + tail.length),
      },
    });
    req.on('response', (res) => {
      answered = true;
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (body = (body + d).slice(0, 2048)));
      res.on('end', () => {
        resolve({ status: res.statusCode ?? 0, body });
        req.destroy();
      });
    });
    req.on('error', (e) => {
      if (!answered) reject(e);
    });
    void (async () => {
      const write = (b: Buffer) =>
        new Promise<void>((ok) => (req.write(b) ? ok() : req.once('drain', () => ok())));
      await write(head);
      for (const chunk of upload.chunks()) {
        if (answered || req.destroyed) return;
        await write(chunk);
      }
      if (!answered && !req.destroyed) req.end(tail);
    })().catch(() => undefined);
  });
}

/** Resident memory of a process, in bytes (VmRSS, and VmHWM: the peak since the last reset). */
export function processMemory(pid: number): { rss: number; peak: number } {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0) * 1024;
  return { rss: kb('VmRSS'), peak: kb('VmHWM') };
}

/** Resets the process's peak RSS (VmHWM) to its current RSS; false when the kernel refuses. */
export function resetPeakMemory(pid: number): boolean {
  try {
    fs.writeFileSync(`/proc/${pid}/clear_refs`, '5');
    return true;
  } catch {
    return false;
  }
}

/**
 * Sends one upload while sampling the engine's RSS every 20 ms; answers the engine's answer and
 * its peak RSS during the upload (the larger of the samples and VmHWM after a reset).
 */
export async function measureUpload(
  pid: number,
  url: string,
  headers: Record<string, string>,
  upload: HostileUpload,
): Promise<{ status: number; body: string; peakRss: number; idleRss: number }> {
  const idleRss = processMemory(pid).rss;
  const hwm = resetPeakMemory(pid);
  let sampled = idleRss;
  const timer = setInterval(() => {
    try {
      sampled = Math.max(sampled, processMemory(pid).rss);
    } catch {
      // the process is gone
    }
  }, 20);
  try {
    const answer = await postUpload(url, headers, upload);
    await new Promise((r) => setTimeout(r, 100));
    const peak = hwm ? processMemory(pid).peak : 0;
    return { ...answer, peakRss: Math.max(sampled, peak), idleRss };
  } finally {
    clearInterval(timer);
  }
}
