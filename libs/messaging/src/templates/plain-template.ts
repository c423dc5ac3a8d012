import {
  Context,
  Drop,
  isTruthy,
  type Liquid,
  Output,
  Tag,
  type Template,
  TokenKind,
  toValueSync,
  TypeGuards,
  type Value,
} from 'liquidjs';

/** `customer.first_name`: an output that names a variable, with no index or literal. */
const PATH = /^[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*$/;
/** Words liquidjs reads as literals, not variables. */
const LITERALS = new Set(['true', 'false', 'nil', 'null', 'empty', 'blank']);
/** Keys liquidjs answers itself (an array's size, a string's first …): left to it. */
const OWN_MEANING = new Set(['size', 'first', 'last']);
/** The renderer's own filters (liquid-renderer.ts): they read only the render's settings. */
const OWN_FILTERS = new Set(['money', 'date', 'plural']);
/** The name liquidjs gives the outputEscape filter it appends to every output of an html body. */
const AUTO_ESCAPE = Object.prototype.toString.call(() => undefined);
/** liquidjs's `escape` filter, the html bodies' outputEscape. */
const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&#34;',
  "'": '&#39;',
};

type Filter = { handler: (...a: unknown[]) => unknown; args: unknown[] };
/** A condition read directly: a variable's truth, or whether it is (not) `blank`. */
type Test = { path: string[]; blank: 'is' | 'is not' | null };
type Branch = { value: Value; test: Test | null; nodes: Node[] };
type Node = string | { path: string[]; filters: Filter[] } | { branches: Branch[]; otherwise: Node[] };

/** One render's output, and the liquidjs context its conditions are judged in (made on the first). */
interface Rendering {
  out: string;
  ctx: Context | null;
}

/**
 * A parsed template whose markup is plain — text, outputs of a variable (through the renderer's
 * own `money`, `date` and `plural` filters with literal arguments, or none), and `if`/`elsif`/
 * `else` — rendered by walking liquidjs's parse directly instead of through its evaluator (a
 * context, generators and a limiter per render and per node: 6–60 µs a body, two or three bodies
 * per email, ~80 % of composing a message). A condition other than a variable or its being (not)
 * blank is judged by liquidjs. Anything else — another tag or filter, a variable that is not the
 * scope's own plain data, a filter that fails — answers null, and liquidjs renders it
 * (docs/delivery.md#templates).
 */
export class PlainTemplate {
  private constructor(
    private readonly nodes: Node[],
    private readonly escape: boolean,
    private readonly liquid: Liquid,
  ) {}

  /** The plain form of liquidjs's parse of a source for `html` (escaped) or `text`, or null. */
  static of(templates: Template[], kind: 'html' | 'text', liquid: Liquid): PlainTemplate | null {
    const nodes = compile(templates, kind === 'html');
    return nodes && new PlainTemplate(nodes, kind === 'html', liquid);
  }

  /** The rendered text, or null when liquidjs must render it (a value or filter it leaves to liquidjs). */
  render(scope: object, globals: object): string | null {
    const r: Rendering = { out: '', ctx: null };
    try {
      return this.emit(this.nodes, scope, globals, r) ? r.out : null;
    } catch {
      return null; // liquidjs renders it again and fails with its own words
    }
  }

  private emit(nodes: Node[], scope: object, globals: object, r: Rendering): boolean {
    for (const n of nodes) {
      if (typeof n === 'string') r.out += n;
      else if ('path' in n) {
        let value = lookUp(scope, n.path);
        if (value === NOT_PLAIN) return false;
        for (const f of n.filters) value = f.handler.call({ context: { globals } }, value, ...f.args);
        if (Array.isArray(value) || value instanceof Drop) return false;
        const text = value === null || value === undefined ? '' : String(value);
        r.out += this.escape ? text.replace(/[&<>"']/g, (c) => ESCAPES[c]) : text;
      } else {
        const taken = n.branches.find((b) => this.holds(b, scope, globals, r));
        if (!this.emit(taken ? taken.nodes : n.otherwise, scope, globals, r)) return false;
      }
    }
    return true;
  }

  /** A branch's condition: read directly when it is a plain test of plain data, else judged by liquidjs. */
  private holds(b: Branch, scope: object, globals: object, r: Rendering): boolean {
    const direct = b.test && judge(b.test, scope);
    if (typeof direct === 'boolean') return direct;
    r.ctx ??= new Context(scope, this.liquid.options, { globals, strictVariables: false, sync: true });
    return isTruthy(toValueSync(b.value.value(r.ctx, r.ctx.opts.lenientIf)), r.ctx);
  }
}

/**
 * A test as liquidjs answers it for a value that is nil, a boolean, a number, a string, an array
 * or plain data (BlankDrop.equals: false, nil, a string of whitespace, an empty array or object
 * are blank; a condition is true unless false or nil), or null for any other value.
 */
function judge(test: Test, scope: object): boolean | null {
  const v = lookUp(scope, test.path);
  let blank: boolean;
  if (v === false || v === null || v === undefined) blank = true;
  else if (typeof v === 'string') blank = /^\s*$/.test(v);
  else if (typeof v === 'number' || v === true) blank = false;
  else if (Array.isArray(v)) blank = v.length === 0;
  else if (isPlainData(v) && typeof (v as { equals?: unknown }).equals !== 'function')
    blank = Object.keys(v).length === 0;
  else return null; // NOT_PLAIN, a Drop, a Date, a MoneyValue …
  if (test.blank === null) return !(v === false || v === null || v === undefined);
  return test.blank === 'is' ? blank : !blank;
}

/** `x`, `x == blank` or `x != blank` with x a plain path (liquidjs's postfix form of the condition). */
function testOf(value: Value): Test | null {
  const postfix = (value.initial as unknown as { postfix?: unknown[] }).postfix ?? [];
  const [first, second, op] = postfix as Array<{ getText(): string }>;
  if (!first || !TypeGuards.isPropertyAccessToken(first as never)) return null;
  const path = first.getText();
  if (!PATH.test(path)) return null;
  const segments = path.split('.');
  if (LITERALS.has(segments[0]) || segments.some((p) => OWN_MEANING.has(p))) return null;
  if (postfix.length === 1) return { path: segments, blank: null };
  if (
    postfix.length !== 3 ||
    !TypeGuards.isLiteralToken(second as never) ||
    second.getText() !== 'blank' ||
    !TypeGuards.isOperatorToken(op as never)
  )
    return null;
  const operator = op.getText();
  return operator === '==' || operator === '!='
    ? { path: segments, blank: operator === '==' ? 'is' : 'is not' }
    : null;
}

function compile(templates: Template[], html: boolean): Node[] | null {
  const nodes: Node[] = [];
  for (const t of templates) {
    if (t instanceof Output) {
      const node = output(t, html);
      if (!node) return null;
      nodes.push(node);
    } else if (t.token.kind === TokenKind.HTML && typeof (t as { str?: unknown }).str === 'string')
      nodes.push((t as unknown as { str: string }).str);
    else if (t instanceof Tag && t.name === 'if') {
      const tag = t as unknown as {
        branches: Array<{ value: Value; templates: Template[] }>;
        elseTemplates?: Template[];
      };
      const branches: Branch[] = [];
      for (const b of tag.branches) {
        const inner = b.value.filters.length ? null : compile(b.templates, html);
        if (!inner) return null;
        branches.push({ value: b.value, test: testOf(b.value), nodes: inner });
      }
      const otherwise = compile(tag.elseTemplates ?? [], html);
      if (!otherwise) return null;
      nodes.push({ branches, otherwise });
    } else return null;
  }
  return nodes;
}

/** An output of a variable through the renderer's own filters, or null. */
function output(t: Output, html: boolean): Node | null {
  const content = (t.token as { content?: string }).content ?? '';
  const bar = content.indexOf('|');
  const path = (bar < 0 ? content : content.slice(0, bar)).trim();
  if (!PATH.test(path)) return null;
  const segments = path.split('.');
  if (LITERALS.has(segments[0]) || segments.some((p) => OWN_MEANING.has(p))) return null;
  const given = [...t.value.filters];
  if (html && given.pop()?.name !== AUTO_ESCAPE) return null;
  const filters: Filter[] = [];
  for (const f of given) {
    // literal arguments only (a quoted string or a number: liquidjs's evalToken answers their content)
    if (!OWN_FILTERS.has(f.name) || f.args.some((a) => Array.isArray(a) || !('content' in a))) return null;
    filters.push({
      handler: (f as unknown as Filter).handler,
      args: f.args.map((a) => (a as { content: unknown }).content),
    });
  }
  return { path: segments, filters };
}

const NOT_PLAIN = Symbol('not plain');

/** A variable's value as liquidjs reads it with ownPropertyOnly, or NOT_PLAIN where it would do more. */
function lookUp(scope: object, path: string[]): unknown {
  let current: unknown = scope;
  for (const key of path) {
    if (!isPlainData(current) || !Object.prototype.hasOwnProperty.call(current, key)) return NOT_PLAIN;
    current = (current as Record<string, unknown>)[key];
  }
  return typeof current === 'function' ? NOT_PLAIN : current;
}

/** An object liquidjs reads by its own properties alone (no Drop, array, toLiquid). */
function isPlainData(value: unknown): value is object {
  if (value === null || typeof value !== 'object') return false;
  const proto = Object.getPrototypeOf(value);
  return (proto === Object.prototype || proto === null) && !('toLiquid' in value);
}
