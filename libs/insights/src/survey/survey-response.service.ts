import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { APP_CONFIG, AppConfig } from '@touchbase/config';
import {
  Clock,
  Conflict,
  FieldProblem,
  localDate,
  NotFound,
  publicLabelFor,
  TaskAssigner,
  TaskComposer,
  ValidationFailed,
} from '@touchbase/core';
import {
  ContactEvent,
  Customer,
  insertTasks,
  isUniqueViolation,
  Order,
  Rule,
  SurveyResponse,
  Task,
  Touch,
  touchCustomerOf,
  SettingsService,
} from '@touchbase/store';
import { SurveyLinks } from './survey-link';
import { recoverySettings, SURVEY_KIND } from './survey-params';

/** What the public page shows for a link. Invalid links learn nothing else. */
export type SurveyView =
  | { state: 'invalid' }
  | { state: 'answered'; locale: string; businessName: string; rating: number }
  | { state: 'open'; locale: string; businessName: string; firstName: string; subject: SurveySubject };

/** What the customer is asked about, in data; the page words it in their language. */
export type SurveySubject =
  | { what: 'order'; ref: string }
  | { what: 'call' }
  | { what: 'message'; label: string | null }
  | { what: 'service' };

/** Whatever is wrong with a survey link, the caller learns only that it is not valid (404). */
export class SurveyLinkInvalid extends NotFound {
  constructor() {
    super('This survey link is not valid');
    this.name = 'SurveyLinkInvalid';
  }
}

export class SurveyAlreadyAnswered extends Conflict {
  constructor(readonly locale: string) {
    super('This survey has already been answered');
    this.name = 'SurveyAlreadyAnswered';
  }
}

export interface SurveyAnswer {
  responseId: number;
  rating: number;
  /** The service-recovery task a low rating made, else null. */
  followUpTaskId: number | null;
  locale: string;
  businessName: string;
}

interface Found {
  touch: Touch;
  rule: Rule;
  customer: Customer;
}

export const MAX_COMMENT_LENGTH = 2000;

/**
 * The customer's side of "How did we do?": opening a signed link and answering it once.
 * One answer per survey touch (survey_responses.touch_id is unique); a low rating makes a
 * high-priority service-recovery task with the comment, in the same transaction as the answer
 * and a `rating` contact event.
 */
@Injectable()
export class SurveyResponseService {
  constructor(
    private readonly ds: DataSource,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly ownerSettings: SettingsService,
    private readonly links: SurveyLinks,
    private readonly assigner: TaskAssigner,
    private readonly taskTexts: TaskComposer,
  ) {}

  async open(token: string): Promise<SurveyView> {
    const found = await this.find(this.ds.manager, token);
    if (!found) return { state: 'invalid' };
    const locale = found.customer.locale ?? this.ownerSettings.get().defaultLocale;
    const businessName = this.ownerSettings.get().businessName;
    const answered = await this.ds
      .getRepository(SurveyResponse)
      .findOne({ where: { touchId: found.touch.id } });
    if (answered) return { state: 'answered', locale, businessName, rating: answered.rating };
    return {
      state: 'open',
      locale,
      businessName,
      firstName: found.customer.firstName,
      subject: await this.subject(this.ds.manager, found.touch, locale),
    };
  }

  async answer(token: string, rating: number, comment = ''): Promise<SurveyAnswer> {
    const text = (comment ?? '').trim();
    const problems: FieldProblem[] = [];
    if (!Number.isInteger(rating) || rating < 1 || rating > 5)
      problems.push({ field: 'rating', problem: 'must be a whole number from 1 to 5' });
    if (text.length > MAX_COMMENT_LENGTH)
      problems.push({ field: 'comment', problem: `must be at most ${MAX_COMMENT_LENGTH} characters` });
    if (problems.length) throw new ValidationFailed(problems);
    const now = this.clock.now();
    try {
      return await this.ds.transaction(async (m) => {
        const found = await this.find(m, token);
        if (!found) throw new SurveyLinkInvalid();
        const { touch, rule, customer } = found;
        if (await m.getRepository(SurveyResponse).exists({ where: { touchId: touch.id } }))
          throw new SurveyAlreadyAnswered(customer.locale ?? this.ownerSettings.get().defaultLocale);
        const response = await m
          .getRepository(SurveyResponse)
          .save(
            m
              .getRepository(SurveyResponse)
              .create({ touchId: touch.id, customerId: customer.id, rating, comment: text, createdAt: now }),
          );
        await m.getRepository(ContactEvent).insert({
          customerId: customer.id,
          occurredAt: now,
          direction: 'in',
          kind: 'rating',
          summary: `Rated ${rating}/5${text ? `: ${text}` : ''}`.slice(0, 2100),
          touchId: touch.id,
        });
        const settings = recoverySettings(rule.params);
        let followUpTaskId: number | null = null;
        if (rating <= settings.lowAtMost)
          followUpTaskId = await this.recoveryTask(m, found, rating, text, settings.priority, now);
        return {
          responseId: response.id,
          rating,
          followUpTaskId,
          locale: customer.locale ?? this.ownerSettings.get().defaultLocale,
          businessName: this.ownerSettings.get().businessName,
        };
      });
    } catch (e) {
      if (isUniqueViolation(e)) throw new SurveyAlreadyAnswered(this.ownerSettings.get().defaultLocale);
      throw e;
    }
  }

  private async recoveryTask(
    m: EntityManager,
    f: Found,
    rating: number,
    comment: string,
    priority: number,
    now: Date,
  ): Promise<number> {
    const name = `${f.customer.firstName} ${f.customer.lastName}`.trim() || `customer #${f.customer.id}`;
    const about = await this.about(m, f.touch);
    const assigneeId = await this.assigner.assigneeFor({
      id: f.customer.id,
      accountOwnerId: f.customer.accountOwnerId,
    });
    const c = f.customer;
    const texts = await this.taskTexts.compose(
      'service_recovery',
      {
        customer: touchCustomerOf(c),
        rule: {
          id: f.rule.id,
          name: f.rule.name,
          kind: f.rule.kind,
          publicLabel: f.rule.publicLabel ?? {},
        },
        touchId: f.touch.id,
      },
      { rating, about, comment },
    );
    const own = texts?.[this.ownerSettings.get().defaultLocale] ?? (texts && Object.values(texts)[0]);
    const [task] = await insertTasks(
      m,
      [
        {
          touchId: f.touch.id,
          ruleId: f.rule.id,
          customerId: f.customer.id,
          kind: 'service_recovery',
          title: own?.title ?? `Service recovery: ${name} rated us ${rating}/5`.slice(0, 300),
          reason: own?.reason ?? (comment ? `They wrote: “${comment}”` : 'They left no comment.'),
          talkingPoints:
            own?.talkingPoints ??
            `Rated ${rating} of 5 for ${about}. Call to listen, apologise and put it right.`,
          texts: own ? texts : null,
          dueDay: localDate(now, this.ownerSettings.get().timezone),
          priority,
          assigneeId,
        },
      ],
      now,
    );
    return task.id;
  }

  /** The signed link's survey touch, its rule (a survey rule) and customer (not erased), else null. */
  private async find(m: EntityManager, token: string): Promise<Found | null> {
    const subject = this.links.verify(token);
    if (!subject) return null;
    const touch = await m.getRepository(Touch).findOne({
      where: { ruleId: subject.ruleId, customerId: subject.customerId, occasionKey: subject.occasionKey },
    });
    if (!touch || touch.status === 'holdout' || touch.status === 'skipped' || touch.status === 'cancelled')
      return null;
    const rule = await m.getRepository(Rule).findOne({ where: { id: touch.ruleId } });
    const customer = await m.getRepository(Customer).findOne({ where: { id: touch.customerId } });
    if (!rule || rule.kind !== SURVEY_KIND || !customer || customer.erasedAt) return null;
    return { touch, rule, customer };
  }

  /**
   * What the customer is asked about: an order by its number, our call, a message by its rule's
   * public label in the customer's locale (never the internal rule name or task title).
   */
  private async subject(m: EntityManager, touch: Touch, locale: string): Promise<SurveySubject> {
    const [, source, rawId] = touch.occasionKey.split(':');
    const id = Number(rawId);
    if (!Number.isInteger(id)) return { what: 'service' };
    if (source === 'order') {
      const order = await m.getRepository(Order).findOne({ where: { id } });
      return order ? { what: 'order', ref: order.externalId } : { what: 'service' };
    }
    if (source === 'call' || source === 'task') return { what: 'call' };
    if (source === 'touch') {
      const t = await m.getRepository(Touch).findOne({ where: { id } });
      const r = t ? await m.getRepository(Rule).findOne({ where: { id: t.ruleId } }) : null;
      return {
        what: 'message',
        label: publicLabelFor(r?.publicLabel, locale, this.ownerSettings.get().defaultLocale),
      };
    }
    return { what: 'service' };
  }

  /** What was surveyed, in staff's words (a task's talking points), from the occasion key. */
  private async about(m: EntityManager, touch: Touch): Promise<string> {
    const [, source, rawId] = touch.occasionKey.split(':');
    const id = Number(rawId);
    if (!Number.isInteger(id)) return 'our service';
    if (source === 'order') {
      const order = await m.getRepository(Order).findOne({ where: { id } });
      return order ? `order ${order.externalId}` : 'a recent order';
    }
    if (source === 'call' || source === 'task') {
      const task = await m.getRepository(Task).findOne({ where: { id } });
      return task ? `the call “${task.title}”` : 'a recent call';
    }
    if (source === 'touch') {
      const t = await m.getRepository(Touch).findOne({ where: { id } });
      const r = t ? await m.getRepository(Rule).findOne({ where: { id: t.ruleId } }) : null;
      return r ? `“${r.name}”` : 'a recent message';
    }
    return 'our service';
  }
}
