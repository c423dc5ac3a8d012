import { randomBytes } from 'node:crypto';
import { Tokenizer, TokenKind, TypeGuards } from 'liquidjs';

/** The layout's values that change from one email to the next (email-layout-scope.ts). */
const SLOTS = ['subject', 'content', 'unsubscribe_url'] as const;
export type Slot = (typeof SLOTS)[number];

const MENTION = /\b(subject|content|unsubscribe_url)\b/;
const PLAIN_OUTPUT = /^(subject|content|unsubscribe_url)$/;
const EMPTINESS_TEST = /^(if|elsif|unless) (subject|content|unsubscribe_url) (!=|==) (''|"")$/;

/**
 * Whether a layout uses the per-email values only as whole outputs (`{{ subject }}`) and in tests
 * for emptiness (`{% if unsubscribe_url != '' %}`). Then rendering it once with a placeholder for
 * each value, and putting each email's values (escaped as the renderer escapes them) in the
 * placeholders' places, gives the text that rendering it for that email gives. Anything else that
 * names one of them (a filter, `contains`, `assign`, a string that contains the name) answers
 * false, and the layout is rendered per email.
 */
export function slotsArePlain(source: string): boolean {
  let tokens;
  try {
    tokens = new Tokenizer(source).readTopLevelTokens();
  } catch {
    return false;
  }
  for (const t of tokens) {
    if (TypeGuards.isTagToken(t)) {
      const inner = `${t.name} ${t.args.trim()}`;
      if (MENTION.test(inner) && !EMPTINESS_TEST.test(inner)) return false;
    } else if (TypeGuards.isOutputToken(t)) {
      const inner = t.content.trim();
      if (MENTION.test(inner) && !PLAIN_OUTPUT.test(inner)) return false;
    } else if (t.kind !== TokenKind.HTML) return false;
  }
  return true;
}

/**
 * A layout rendered once for a kind of email (which values are empty), with a placeholder where
 * each non-empty value goes: `fill` puts an email's values in. Built by `LayoutSkeleton.render`.
 */
export class LayoutSkeleton {
  /** Per process: placeholders no layout or setting can contain by accident. */
  private static readonly marks = Object.fromEntries(
    SLOTS.map((s) => [s, `tbslot${randomBytes(8).toString('hex')}${s}`]),
  ) as Record<Slot, string>;

  private constructor(
    private readonly parts: string[],
    private readonly slots: Slot[],
  ) {}

  /** The placeholder for each slot whose value is non-empty ('' for the empty ones). */
  static placeholders(values: Record<Slot, string>): Record<Slot, string> {
    return {
      subject: values.subject ? this.marks.subject : '',
      content: values.content ? this.marks.content : '',
      unsubscribe_url: values.unsubscribe_url ? this.marks.unsubscribe_url : '',
    };
  }

  /** Cache key part: which values are empty (the emptiness tests' answers). */
  static shape(values: Record<Slot, string>): string {
    return SLOTS.map((s) => (values[s] ? '1' : '0')).join('');
  }

  /** Splits a layout rendered with `placeholders(...)` at them. */
  static of(rendered: string): LayoutSkeleton {
    const byMark = new Map(SLOTS.map((s) => [this.marks[s], s]));
    const pieces = rendered.split(new RegExp(`(${[...byMark.keys()].join('|')})`));
    const parts: string[] = [];
    const slots: Slot[] = [];
    pieces.forEach((p, i) => (i % 2 ? slots.push(byMark.get(p)!) : parts.push(p)));
    return new LayoutSkeleton(parts, slots);
  }

  /** The layout with these (already escaped) values in their places. */
  fill(values: Record<Slot, string>): string {
    let out = this.parts[0];
    for (let i = 0; i < this.slots.length; i++) out += values[this.slots[i]] + this.parts[i + 1];
    return out;
  }
}
