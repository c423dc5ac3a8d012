import { NotFoundException } from '@nestjs/common';
import { Conflict, LOCALES, ValidationFailed } from '@touchbase/core';
import { LAYOUT_KEY, TEMPLATE_CHANNELS } from '@touchbase/messaging';
import { TemplateInUse } from '@touchbase/rules';
import type { MessageTemplate } from '@touchbase/store';
import { translate } from '../i18n';
import type { DraftContent } from '../queries/template-draft.preview';

/**
 * The template pages' checks and view models (the controller fetches and renders): which
 * key/channel/language the editor serves, the form's draft and problems, the list's groups.
 */
export type Form = Record<string, string | undefined>;

const VARIABLES =
  '{{ customer.first_name }} {{ customer.name }} {{ customer.birthday | date: "d MMMM" }} {{ business.name }} {{ order.number }} {{ order.total | money }} {{ product.name }} {{ product.url }} {{ unsubscribe_url }}';
const LAYOUT_VARIABLES =
  '{{ content }} {{ subject }} {{ lang }} {{ business.name }} {{ business.shop_url }} {{ business.logo_url }} {{ business.address }} {% for line in business.address_lines %} {{ unsubscribe_url }}';
const TASK_VARIABLES =
  '{{ customer.name }} {{ customer.birthday | date: "d MMMM" }} {{ order.number }} {{ order.total }} {{ product.name }} {{ task.spend }} {{ task.order_count }} {{ task.window_months }} {{ task.days_since_contact }} {{ task.rating }} {{ task.about }} {{ task.comment }} {{ n | plural: "day", "days" }}';

/** The variables the editor lists for a template of this key and channel. */
export function variableHint(key: string, channel: string): string {
  return key === LAYOUT_KEY ? LAYOUT_VARIABLES : channel === 'task' ? TASK_VARIABLES : VARIABLES;
}

const KEY = /^[a-z0-9][a-z0-9_-]{0,99}$/;

export function checkKey(key: string): void {
  if (!KEY.test(key)) throw new NotFoundException('No such template');
}

/** A key, channel and language the editor knows: a message template, or the email layout (email only). */
export function checkTemplate(p: Record<string, string>): void {
  const layout = p.key === LAYOUT_KEY && p.channel === 'email';
  if (
    !(TEMPLATE_CHANNELS as readonly string[]).includes(p.channel) ||
    !(LOCALES as readonly string[]).includes(p.locale) ||
    !(layout || KEY.test(p.key))
  )
    throw new NotFoundException('No such template');
}

/** The editor's address for this key, channel and language. */
export function editorPath(p: Record<string, string>): string {
  return `/templates/${encodeURIComponent(p.key)}/${p.channel}/${p.locale}`;
}

export function draftOf(form: Form): DraftContent {
  return { subject: form.subject ?? '', html: form.html ?? '', text: form.text ?? '' };
}

/** A stored version's content, or empty fields for a version not written yet. */
export function contentOf(t: MessageTemplate | null): DraftContent {
  return { subject: t?.subject ?? '', html: t?.html ?? '', text: t?.text ?? '' };
}

/** The preview customer the form names, if any. */
export function customerIdOf(form: Form): number | null {
  return /^\d+$/.test(form.customerId ?? '') ? Number(form.customerId) : null;
}

export function problemsByField(problems: Array<{ field: string; problem: string }>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of problems) out[p.field] = out[p.field] ? `${out[p.field]}; ${p.problem}` : p.problem;
  return out;
}

/** The list's cards: one per key and channel (the email layout has its own card), with its languages. */
export function templateGroups(
  templates: readonly MessageTemplate[],
): Array<{ key: string; channel: string; first: boolean; versions: Array<{ locale: string }> }> {
  const groups = new Map<
    string,
    { key: string; channel: string; first: boolean; versions: Array<{ locale: string }> }
  >();
  const keys = new Set<string>();
  for (const t of templates) {
    if (t.key === LAYOUT_KEY) continue; // shown in its own card
    const id = `${t.key}\u0000${t.channel}`;
    if (!groups.has(id)) {
      groups.set(id, { key: t.key, channel: t.channel, first: !keys.has(t.key), versions: [] });
      keys.add(t.key);
    }
    groups.get(id)!.versions.push({ locale: t.locale });
  }
  return [...groups.values()];
}

/** A refused delete or rename, as the list shows it: the problem in the owner's language, and the rules in the way. */
export interface Refusal {
  refusal: { text: string; rules: Array<{ id: number; name: string }> };
  status: number;
}

/** What a delete or rename's error means to the owner, or null for an error that is not a refusal. */
export function refusalOf(
  e: unknown,
  locale: string,
  name: string,
  action: 'delete' | 'rename',
): Refusal | null {
  if (e instanceof TemplateInUse) {
    const key = action === 'delete' ? 'templates.inUseDelete' : 'templates.inUseRename';
    return { refusal: { text: translate(locale, key, { name }), rules: e.rules }, status: 409 };
  }
  if (e instanceof ValidationFailed)
    return { refusal: { text: translate(locale, 'templates.renameBadKey'), rules: [] }, status: 422 };
  if (e instanceof Conflict)
    return { refusal: { text: translate(locale, 'templates.renameTaken'), rules: [] }, status: 409 };
  return null;
}
