import { Output, type Template, TokenKind } from 'liquidjs';

/** `customer.first_name`: an output that names a variable, with no filter, index or literal. */
const PATH = /^[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*$/;
/** Words liquidjs reads as literals, not variables. */
const LITERALS = new Set(['true', 'false', 'nil', 'null', 'empty', 'blank']);
/** Keys liquidjs answers itself (an array's size, a string's first …): left to it. */
const OWN_MEANING = new Set(['size', 'first', 'last']);
/** liquidjs's `escape` filter, the html bodies' outputEscape. */
const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&#34;',
  "'": '&#39;',
};

/**
 * A parsed template whose markup is only text and outputs of a variable (`Dear {{
 * customer.first_name }},` — most message templates' subjects and many bodies): rendered by
 * joining its text with each variable's value, as liquidjs renders it, instead of through
 * liquidjs's evaluator (a context, generators and a limiter per render: 6–30 µs a body, three
 * bodies per email). Anything else — a tag, a filter, a value that is not a string, number,
 * boolean or nil, a variable that is not the scope's own plain data — answers null, and liquidjs
 * renders it (docs/templates.md).
 */
export class PlainTemplate {
  private constructor(
    /** Text pieces: one more than `paths`. */
    private readonly texts: string[],
    private readonly paths: string[][],
    private readonly escape: boolean,
  ) {}

  /** The plain form of liquidjs's parse of a source for `html` (escaped) or `text`, or null. */
  static of(templates: Template[], kind: 'html' | 'text'): PlainTemplate | null {
    const texts = [''];
    const paths: string[][] = [];
    for (const t of templates) {
      if (t instanceof Output) {
        const content = (t.token as { content?: string }).content?.trim() ?? '';
        if (!PATH.test(content)) return null;
        const path = content.split('.');
        if (LITERALS.has(path[0]) || path.some((p) => OWN_MEANING.has(p))) return null;
        paths.push(path);
        texts.push('');
      } else if (t.token.kind === TokenKind.HTML && typeof (t as { str?: unknown }).str === 'string')
        texts[texts.length - 1] += (t as unknown as { str: string }).str;
      else return null;
    }
    return new PlainTemplate(texts, paths, kind === 'html');
  }

  /** The rendered text, or null when a value is not plain (liquidjs then renders it). */
  render(scope: object): string | null {
    let out = this.texts[0];
    for (let i = 0; i < this.paths.length; i++) {
      const value = lookUp(scope, this.paths[i]);
      if (value === NOT_PLAIN) return null;
      const text = value === null || value === undefined ? '' : String(value);
      out += (this.escape ? text.replace(/[&<>"']/g, (c) => ESCAPES[c]) : text) + this.texts[i + 1];
    }
    return out;
  }
}

const NOT_PLAIN = Symbol('not plain');

/** A variable's value as liquidjs reads it with ownPropertyOnly, or NOT_PLAIN where it would do more. */
function lookUp(scope: object, path: string[]): unknown {
  let current: unknown = scope;
  for (const key of path) {
    if (!isPlainData(current) || !Object.prototype.hasOwnProperty.call(current, key)) return NOT_PLAIN;
    current = (current as Record<string, unknown>)[key];
  }
  const t = typeof current;
  return current === null || current === undefined || t === 'string' || t === 'number' || t === 'boolean'
    ? current
    : NOT_PLAIN;
}

/** An object liquidjs reads by its own properties alone (no Drop, array, toLiquid). */
function isPlainData(value: unknown): value is object {
  if (value === null || typeof value !== 'object') return false;
  const proto = Object.getPrototypeOf(value);
  return (proto === Object.prototype || proto === null) && !('toLiquid' in value);
}
