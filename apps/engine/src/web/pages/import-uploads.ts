import { Injectable } from '@nestjs/common';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';
import { UploadFolder } from '../../http/uploads.module';

const UPLOAD_ID = /^[a-f0-9]{32}$/;

/**
 * Where a checked upload waits (on disk, not in memory) between the mapping step, the check and
 * the confirmation, under an unguessable id, and where each run's bad-rows file is written: the
 * engine's private upload folder (UploadFolder: mode 700, stale files swept). Deleted when the
 * import is confirmed or cancelled (docs/import.md#web).
 */
@Injectable()
export class ImportUploads {
  readonly dir: string;

  constructor(folder: UploadFolder) {
    this.dir = folder.dir;
  }

  /** Takes over a received upload; answers its id. */
  keep(receivedPath: string): string {
    const id = randomBytes(16).toString('hex');
    fs.mkdirSync(this.dir, { recursive: true });
    fs.renameSync(receivedPath, this.pathOf(id));
    return id;
  }

  /** The kept file, or null when the id is malformed or the file is gone. */
  find(id: unknown): string | null {
    const text = String(id ?? '');
    if (!UPLOAD_ID.test(text)) return null;
    const file = this.pathOf(text);
    return fs.existsSync(file) ? file : null;
  }

  remove(id: string): void {
    if (UPLOAD_ID.test(id)) fs.rmSync(this.pathOf(id), { force: true });
  }

  badRowsOf(runId: number): string {
    fs.mkdirSync(this.dir, { recursive: true });
    return path.join(this.dir, `run-${Math.trunc(runId)}-bad-rows.csv`);
  }

  private pathOf(id: string): string {
    return path.join(this.dir, `${id}.csv`);
  }
}
