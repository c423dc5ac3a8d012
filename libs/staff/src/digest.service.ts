import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource, IsNull, Not } from 'typeorm';
import { DateTime } from 'luxon';
import { APP_CONFIG, AppConfig } from '@touchbase/config';
import { effectiveZone, localDateTimeToInstant } from '@touchbase/core';
import { claimState, ENGINE_STATE, queueMessages, readState, User, SettingsService } from '@touchbase/store';
import { DailyListService } from './daily-list.service';
import { renderDigest } from './digest-content';
import { isOffOn } from './availability';

/** A digest not sent by this many hours after the person's digest time waits for the next morning. */
export const DIGEST_LATEST_HOURS = 3;

/** How many tasks a digest lists in full (the subject gives the total). */
export const DIGEST_ITEMS = 25;

export interface DigestRun {
  /** Users whose digest was queued to the outbox this run. */
  queued: number[];
  /** Users whose day was recorded without an email (nothing on their list). */
  empty: number[];
}

/**
 * The morning digest: each active user with a digest time gets, once that local time has come
 * (their timezone, else the business's) and at most DIGEST_LATEST_HOURS after it, on their
 * working days and not on holiday, their list for the day as an email in the outbox
 * (purpose 'digest'), so the dispatcher sends, retries and records it like any message. At most
 * once per user and local day: the engine_state key digest.<user>.<day> is inserted in the same
 * transaction as the message, so a repeated tick or a second instance adds nothing. A user
 * with nothing due gets no email (the day is still recorded).
 */
@Injectable()
export class DigestService {
  private readonly log = new Logger('Digest');

  constructor(
    private readonly ds: DataSource,
    private readonly list: DailyListService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly ownerSettings: SettingsService,
  ) {}

  async digestTick(now: Date): Promise<DigestRun> {
    const run: DigestRun = { queued: [], empty: [] };
    const users = await this.ds
      .getRepository(User)
      .find({ where: { active: true, digestTime: Not(IsNull()) }, order: { id: 'ASC' } });
    for (const user of users) {
      const zone = effectiveZone(user.timezone, this.ownerSettings.get().timezone);
      const localDay = DateTime.fromJSDate(now, { zone }).toISODate()!;
      const due = localDateTimeToInstant(localDay, user.digestTime!, zone).getTime();
      // not yet; or a missed morning (engine down, first start in the afternoon): wait for tomorrow
      if (now.getTime() < due || now.getTime() > due + DIGEST_LATEST_HOURS * 3_600_000) continue;
      // a day off (not one of their working days, or on holiday): no digest
      if (isOffOn(user, localDay)) continue;
      const key = ENGINE_STATE.digestSent(user.id, localDay);
      if ((await readState(this.ds, key)) !== null) continue;
      const list = await this.list.forAssignee(user.id, now, DIGEST_ITEMS, user.locale);
      const sent = await this.ds.transaction(async (m) => {
        const claimed = await claimState(
          m,
          key,
          JSON.stringify({ at: now.toISOString(), tasks: list.total }),
          now,
        );
        if (!claimed || list.total === 0) return false;
        const mail = renderDigest(user.name, list, {
          businessName: this.ownerSettings.get().businessName,
          baseUrl: this.ownerSettings.get().publicBaseUrl,
          locale: user.locale,
          localHour: DateTime.fromJSDate(now, { zone }).hour,
        });
        await queueMessages(
          m,
          [
            {
              userId: user.id,
              channel: 'email',
              purpose: 'digest',
              recipient: user.email,
              locale: user.locale,
              subject: mail.subject,
              html: mail.html,
              text: mail.text,
              sendAt: now,
            },
          ],
          now,
        );
        return true;
      });
      if (sent) run.queued.push(user.id);
      else if (list.total === 0) run.empty.push(user.id);
    }
    if (run.queued.length) this.log.log(`Queued ${run.queued.length} morning digest(s)`);
    return run;
  }
}
