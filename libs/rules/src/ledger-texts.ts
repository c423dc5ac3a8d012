import {
  ComposedMessage,
  MessageComposer,
  TaskAssigner,
  TaskComposer,
  TemplateMissingError,
  TouchContext,
} from '@touchbase/core';
import type { Rule } from '@touchbase/store';
import type { TouchCustomer } from './customers';
import type { DueOccasion, OccasionTask } from './kinds/rule-kind';
import type { ReasonPart } from './reasons';

/** A task's texts in each language its template exists in (TaskComposer's answer). */
export type TaskTextsByLocale = NonNullable<Awaited<ReturnType<TaskComposer['compose']>>>;

/** What the templates see of a touch: the customer, the rule and the occasion's own values. */
export function touchContext(
  rule: Rule,
  occasion: DueOccasion,
  customer: TouchCustomer,
  touchId?: number,
): TouchContext {
  return {
    customer: customer.context,
    rule: { id: rule.id, name: rule.name, kind: rule.kind, publicLabel: rule.publicLabel ?? {} },
    ...occasion.context,
    touchId,
  };
}

/** A touch's message, or the problem that holds it (no template, or one that does not render). */
export async function composeMessage(
  composer: MessageComposer | null,
  templateKey: string,
  channel: 'email' | 'sms',
  ctx: TouchContext,
): Promise<ComposedMessage | { problem: ReasonPart }> {
  if (!composer)
    throw new Error(
      'No MessageComposer is provided (the messaging area, libs/messaging, provides it globally)',
    );
  try {
    return await composer.compose(templateKey, channel, ctx);
  } catch (e) {
    const name = channel === 'sms' ? 'SMS' : 'email';
    if (e instanceof TemplateMissingError || (e as Error)?.name === 'TemplateMissingError')
      return { problem: { code: 'no_template', params: { channel: name, key: templateKey } } };
    return {
      problem: { code: 'template_broken', params: { channel: name, key: templateKey, error: errorText(e) } },
    };
  }
}

/**
 * The languages a batch's task texts are rendered in: those its people read and the business's
 * (whose texts fill the task's own columns); undefined (every language) when the assigner does
 * not know its people's.
 */
export async function taskLocales(
  assigner: TaskAssigner | null,
  businessLocale: string,
): Promise<string[] | undefined> {
  const read = assigner ? await assigner.readingLocales() : null;
  return read ? [...new Set([businessLocale, ...read])] : undefined;
}

/**
 * A task's texts from its template (in `locales`, see taskLocales): null when there is no
 * template for the key, or the problem when it does not render (a broken template, or its render
 * limit hit under load), for which the task keeps the kind's own texts.
 */
export async function composeTask(
  tasks: TaskComposer,
  templateKey: string,
  ctx: TouchContext,
  facts: OccasionTask['facts'],
  locales: readonly string[] | undefined,
): Promise<{ texts: TaskTextsByLocale | null } | { problem: ReasonPart }> {
  try {
    return { texts: await tasks.compose(templateKey, ctx, facts, locales) };
  } catch (e) {
    return { problem: { code: 'task_template_broken', params: { key: templateKey, error: errorText(e) } } };
  }
}

/** A broken template must not stop the tick for everyone: why it broke, for the touch's reason. */
function errorText(e: unknown): string {
  return String((e as Error)?.message ?? e).slice(0, 300);
}
