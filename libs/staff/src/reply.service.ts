import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from '@touchbase/config';
import { Clock, Conflict, effectiveZone, invalidField, nextAllowedInWeek, NotFound } from '@touchbase/core';
import { Customer, customerName, queueMessages, Task, SettingsService } from '@touchbase/store';
import { OutcomesService } from './outcomes.service';
import { Principal } from './principal';
import { assertMayAct } from './tasks.service';

/** The longest SMS answer (ten segments). */
export const REPLY_MAX_CHARS = 1600;

/**
 * Staff answer a customer's SMS reply from its `reply` task: the answer is queued as an SMS
 * through the outbox (purpose `reply`, so the dispatcher re-checks consent and quiet hours like
 * any customer message) and the task closes as `answered` with the text on the customer's
 * timeline, all in one transaction. Refused with a clear error when the customer cannot get an
 * SMS now (no consent, no or a flagged phone, erased); a message due in quiet hours waits.
 */
@Injectable()
export class ReplyService {
  constructor(
    private readonly ds: DataSource,
    private readonly clock: Clock,
    private readonly outcomes: OutcomesService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly ownerSettings: SettingsService,
  ) {}

  async answerBySms(caller: Principal, id: number, text: unknown): Promise<Task> {
    const body = typeof text === 'string' ? text.trim() : '';
    if (!body) throw invalidField('text', 'write the answer to send');
    if (body.length > REPLY_MAX_CHARS)
      throw invalidField('text', `at most ${REPLY_MAX_CHARS} characters (it has ${body.length})`);
    return this.ds.transaction(async (m) => {
      const task = await m.findOne(Task, { where: { id } });
      if (!task) throw new NotFound(`No task ${id}`);
      assertMayAct(caller, task);
      if (task.kind !== 'reply')
        throw new Conflict(`Task ${id} is a ${task.kind} task; only a reply task is answered by SMS.`);
      const c = await m.findOne(Customer, { where: { id: task.customerId } });
      if (!c || c.erasedAt) throw new Conflict(`The customer of task ${id} was erased.`);
      if (!c.phone) throw new Conflict(`${customerName(c)} has no phone number on record.`);
      if (c.phoneProblem)
        throw new Conflict(`${customerName(c)}'s phone number is flagged: ${c.phoneProblem}.`);
      if (!c.smsConsent) throw new Conflict(`${customerName(c)} has not agreed to SMS (or sent STOP).`);
      const now = this.clock.now();
      const zone = effectiveZone(c.timezone, this.ownerSettings.get().timezone);
      const sendAt = nextAllowedInWeek(now, zone, this.ownerSettings.get().quietHours.sms);
      await queueMessages(
        m,
        [
          {
            touchId: null,
            customerId: c.id,
            userId: caller.id,
            channel: 'sms',
            purpose: 'reply',
            recipient: c.phone,
            locale: c.locale ?? this.ownerSettings.get().defaultLocale,
            subject: '',
            html: '',
            text: body,
            sendAt,
          },
        ],
        now,
      );
      const done = await this.outcomes.doneIn(m, caller, id, { outcome: 'answered', note: `SMS: ${body}` });
      // a queued SMS cannot be taken back by "undo": the answer is final
      await m.update(Task, { id }, { undo: null, undoUntil: null });
      return { ...done, undo: null, undoUntil: null };
    });
  }
}
