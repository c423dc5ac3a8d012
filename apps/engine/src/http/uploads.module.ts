import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Injectable, Logger, Module, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { MulterModule } from '@nestjs/platform-express';
import { diskStorage } from 'multer';
import { AppConfig, APP_CONFIG } from '@touchbase/config';
import { Clock } from '@touchbase/core';

const PREFIX = 'touchbase-uploads-';
/** An upload nobody confirmed or cancelled is deleted after this long. */
export const STALE_UPLOAD_MS = 24 * 3_600_000;
const SWEEP_EVERY_MS = 10 * 60_000;

/**
 * The engine's private folder for uploads (docs/import.md#bounded-uploads): one per process,
 * `<tmpdir>/touchbase-uploads-<pid>-<random>`, mode 700, so no other user can read a customer
 * file that waits there. Uploads are streamed into it by multer (never held in memory). At start
 * the folders of engines that are gone are deleted; every 10 minutes files older than 24 hours
 * (an upload never confirmed or cancelled) are; on shutdown the folder goes.
 */
@Injectable()
export class UploadFolder implements OnModuleInit, OnModuleDestroy {
  private readonly log = new Logger('Uploads');
  readonly dir = fs.mkdtempSync(path.join(os.tmpdir(), `${PREFIX}${process.pid}-`));
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly clock: Clock) {
    fs.chmodSync(this.dir, 0o700);
  }

  onModuleInit(): void {
    this.removeOrphans();
    this.timer = setInterval(() => this.sweep(), SWEEP_EVERY_MS);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    if (this.timer) clearInterval(this.timer);
    fs.rmSync(this.dir, { recursive: true, force: true });
  }

  /** A fresh file name in the folder (multer's disk storage). */
  newName(): string {
    return randomBytes(16).toString('hex');
  }

  /** Deletes uploads older than STALE_UPLOAD_MS; answers how many. */
  sweep(): number {
    const cutoff = this.clock.now().getTime() - STALE_UPLOAD_MS;
    let removed = 0;
    for (const name of safeList(this.dir)) {
      const file = path.join(this.dir, name);
      try {
        if (fs.statSync(file).mtimeMs < cutoff) {
          fs.rmSync(file, { force: true });
          removed++;
        }
      } catch {
        // gone meanwhile
      }
    }
    if (removed) this.log.log(`deleted ${removed} stale upload(s)`);
    return removed;
  }

  /** The folders of engine processes that no longer run (a crash, SIGKILL). */
  private removeOrphans(): void {
    const tmp = os.tmpdir();
    for (const name of safeList(tmp)) {
      const pid = Number(/^touchbase-uploads-(\d+)-/.exec(name)?.[1]);
      if (!pid || pid === process.pid || alive(pid)) continue;
      fs.rmSync(path.join(tmp, name), { recursive: true, force: true });
    }
  }
}

function safeList(dir: string): string[] {
  try {
    return fs.readdirSync(dir);
  } catch {
    return [];
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Multer for every CSV upload (the API's and the web form's): streamed to the private folder,
 * at most UPLOAD_MAX_MB (413 beyond), one file, a few small fields.
 */
@Module({ providers: [UploadFolder], exports: [UploadFolder] })
export class UploadFolderModule {}

@Module({
  imports: [
    UploadFolderModule,
    MulterModule.registerAsync({
      imports: [UploadFolderModule],
      inject: [APP_CONFIG, UploadFolder],
      useFactory: (config: AppConfig, folder: UploadFolder) => ({
        storage: diskStorage({
          destination: folder.dir,
          filename: (_req, _file, done) => done(null, folder.newName()),
        }),
        limits: {
          fileSize: config.uploads.maxBytes,
          files: 1,
          fields: 20,
          fieldSize: 64 * 1024,
          parts: 25,
          headerPairs: 100,
        },
      }),
    }),
  ],
  exports: [UploadFolderModule, MulterModule],
})
export class UploadsModule {}
