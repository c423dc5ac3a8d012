import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from '@touchbase/config';
import {
  Clock,
  Conflict,
  effectiveZone,
  escapeHtml,
  invalidField,
  nextAllowedInWeek,
  NotFound,
} from '@touchbase/core';
import { Customer, customerName, queueMessages, Task, SettingsService } from '@touchbase/store';
import { OutcomesService } from './outcomes.service';
import { Principal } from './principal';
import { assertMayAct } from './task-fields';

/** The longest answer (ten SMS segments; an email answer is held to the same). */
export const REPLY_MAX_CHARS = 1600;

/**
 * Staff answer a customer's reply from its `reply` task, on the channel it came in on (the
 * task's `inbound`; SMS for tasks made before it was recorded): the answer is queued through
 * the outbox (purpose `reply`, so the dispatcher re-checks consent and quiet hours like any
 * customer message; an email answer gets the subject "Re: …" and goes out in the owner's
 * layout with the Reply-To, so the customer's next answer comes back here too) and the task
 * closes as `answered` with the text on the customer's timeline, all in one transaction.
 * Refused with a clear error when the customer cannot get it now (no consent, no or a flagged
 * phone, no or a bounced address, erased); a message due in quiet hours waits.
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

  async answer(caller: Principal, id: number, text: unknown): Promise<Task> {
    const body = typeof text === 'string' ? text.trim() : '';
    if (!body) throw invalidField('text', 'write the answer to send');
    if (body.length > REPLY_MAX_CHARS)
      throw invalidField('text', `at most ${REPLY_MAX_CHARS} characters (it has ${body.length})`);
    return this.ds.transaction(async (m) => {
      const task = await m.findOne(Task, { where: { id } });
      if (!task) throw new NotFound(`No task ${id}`);
      assertMayAct(caller, task);
      if (task.kind !== 'reply')
        throw new Conflict(`Task ${id} is a ${task.kind} task; only a reply task is answered.`);
      const c = await m.findOne(Customer, { where: { id: task.customerId } });
      if (!c || c.erasedAt) throw new Conflict(`The customer of task ${id} was erased.`);
      const channel = task.inbound?.channel === 'email' ? 'email' : 'sms';
      const recipient = channel === 'email' ? emailRecipient(c) : smsRecipient(c);
      const now = this.clock.now();
      const settings = this.ownerSettings.get();
      const zone = effectiveZone(c.timezone, settings.timezone);
      const sendAt = nextAllowedInWeek(now, zone, settings.quietHours[channel]);
      const subject = channel === 'email' ? answerSubject(task.inbound?.subject, settings.businessName) : '';
      await queueMessages(
        m,
        [
          {
            touchId: null,
            customerId: c.id,
            userId: caller.id,
            channel,
            purpose: 'reply',
            recipient,
            locale: c.locale ?? settings.defaultLocale,
            subject,
            html: channel === 'email' ? htmlOf(body) : '',
            text: body,
            sendAt,
          },
        ],
        now,
      );
      const note = `${channel === 'email' ? 'Email' : 'SMS'}: ${body}`;
      const done = await this.outcomes.doneIn(m, caller, id, { outcome: 'answered', note });
      // a queued message cannot be taken back by "undo": the answer is final
      await m.update(Task, { id }, { undo: null, undoUntil: null });
      return { ...done, undo: null, undoUntil: null };
    });
  }
}

function smsRecipient(c: Customer): string {
  if (!c.phone) throw new Conflict(`${customerName(c)} has no phone number on record.`);
  if (c.phoneProblem) throw new Conflict(`${customerName(c)}'s phone number is flagged: ${c.phoneProblem}.`);
  if (!c.smsConsent) throw new Conflict(`${customerName(c)} has not agreed to SMS (or sent STOP).`);
  return c.phone;
}

function emailRecipient(c: Customer): string {
  if (!c.email) throw new Conflict(`${customerName(c)} has no email address on record.`);
  if (c.emailBouncedAt) throw new Conflict(`${customerName(c)}'s email address bounced.`);
  if (!c.emailConsent) throw new Conflict(`${customerName(c)} has not agreed to email (or unsubscribed).`);
  return c.email;
}

/** "Re: <their subject>" (once), or "Re: <business>" when they wrote none. */
function answerSubject(subject: string | undefined, business: string): string {
  const s = (subject ?? '').trim() || business;
  return (/^(re|aw|odp)\s*:/i.test(s) ? s : `Re: ${s}`).slice(0, 300);
}

/** The answer as HTML paragraphs (escaped; blank lines split paragraphs, line breaks kept). */
function htmlOf(text: string): string {
  return text
    .split(/\n\s*\n/)
    .map((p) => `<p>${escapeHtml(p.trim()).replace(/\n/g, '<br>')}</p>`)
    .join('\n');
}
