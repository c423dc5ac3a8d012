import { Liquid, Template } from 'liquidjs';
import { DateTime } from 'luxon';
import { escapeHtml, FieldProblem, formatMoney, pluralWord } from '@touchbase/core';
import { PlainTemplate } from './plain-template';

/** A money amount inside a template: `{{ order.total }}` and `{{ order.total | money }}` both format it. */
export class MoneyValue {
  constructor(
    readonly minor: number,
    readonly currency: string,
    private readonly locale: string,
  ) {}
  toString(): string {
    return formatMoney(this.minor, this.currency, this.locale);
  }
}

/** Where and for whom a template is rendered: drives the money and date filters. */
export interface RenderSettings {
  locale: string;
  timezone: string;
  currency: string;
}

/**
 * `layout`: the email layout's HTML (docs/delivery.md#email-layout) — escaped like `html`, except
 * a SafeHtml value (the message body, already rendered and escaped) which is written as it is.
 */
export type BodyKind = 'html' | 'text' | 'layout';

/** Markup that is already safe (a rendered template body): the layout writes it unescaped. */
export class SafeHtml {
  constructor(readonly html: string) {}
  toString(): string {
    return this.html;
  }
}

function escapeUnlessSafe(value: unknown): string {
  return value instanceof SafeHtml ? value.html : escapeHtml(String(value ?? ''));
}

/** Safety limits for owner-edited (untrusted) templates. */
export const TEMPLATE_LIMITS = {
  /** Characters of template source. */
  parseLimit: 50_000,
  /** Milliseconds per render. */
  renderLimit: 250,
  /** liquidjs allocation budget per render. */
  memoryLimit: 5_000_000,
  /** Characters of rendered output per body. */
  outputLimit: 200_000,
} as const;

const SETTINGS = '__touchbase';

/** A rendered body within TEMPLATE_LIMITS.outputLimit, or the error that says it is not. */
export function limitOutput(out: string): string {
  if (out.length > TEMPLATE_LIMITS.outputLimit)
    throw new Error(`rendered output is longer than ${TEMPLATE_LIMITS.outputLimit} characters`);
  return out;
}

/**
 * liquidjs, configured for untrusted templates: no file system (an empty in-memory template
 * map, so include/render/layout find nothing), own properties only, unknown filters refused at
 * parse time, time/memory/size limits. HTML bodies escape every output by default.
 */
export class LiquidRenderer {
  private readonly engines: Record<BodyKind, Liquid>;
  private readonly parsed = new Map<string, Template[]>();
  /** The plain form of each parsed html or text source (plain-template.ts), null when it has none. */
  private readonly plain = new WeakMap<Template[], PlainTemplate | null>();

  constructor() {
    this.engines = {
      html: this.engine('escape'),
      text: this.engine(undefined),
      layout: this.engine(escapeUnlessSafe),
    };
  }

  /** Renders for sending; a missing optional object renders empty rather than failing. */
  render(source: string, kind: BodyKind, scope: object, settings: RenderSettings, strict = false): string {
    // without Liquid markup a source renders to itself (a task's fixed talking points, per task and language)
    if (!source.includes('{{') && !source.includes('{%') && source.length <= TEMPLATE_LIMITS.parseLimit)
      return limitOutput(source);
    const templates = this.parse(source, kind);
    const globals = { [SETTINGS]: settings };
    if (!strict && kind !== 'layout') {
      let plain = this.plain.get(templates);
      if (plain === undefined)
        this.plain.set(templates, (plain = PlainTemplate.of(templates, kind, this.engines[kind])));
      const out = plain?.render(scope, globals);
      // a longer one goes through liquidjs, whose limits then fail it with their own words
      if (typeof out === 'string' && out.length <= TEMPLATE_LIMITS.outputLimit) return out;
    }
    const out = this.engines[kind].renderSync(templates, scope, {
      globals,
      strictVariables: strict,
    }) as string;
    return limitOutput(out);
  }

  /**
   * Problems a template would have when sent: syntax, unknown filters, unknown variables (in
   * every branch, found by static analysis against the complete sample context) and render errors.
   */
  validate(
    field: string,
    source: string,
    kind: BodyKind,
    sample: Record<string, unknown>,
    settings: RenderSettings,
  ): FieldProblem[] {
    let templates: Template[];
    try {
      templates = this.parse(source, kind);
    } catch (e) {
      return [{ field, problem: describe(e) }];
    }
    const problems: FieldProblem[] = [];
    let analysis: ReturnType<Liquid['analyzeSync']>;
    try {
      analysis = this.engines[kind].analyzeSync(templates);
    } catch (e) {
      return [{ field, problem: describe(e) }];
    }
    for (const variables of Object.values(analysis.globals)) {
      for (const v of variables) {
        const unknown = unknownPath(v.toArray(), sample);
        if (unknown)
          problems.push({
            field,
            problem: `unknown variable "${unknown}" at line ${v.location.row}, col ${v.location.col}`,
          });
      }
    }
    if (problems.length) return problems;
    try {
      this.render(source, kind, sample, settings, true);
    } catch (e) {
      return [{ field, problem: describe(e) }];
    }
    return [];
  }

  private parse(source: string, kind: BodyKind): Template[] {
    const key = `${kind}\u0000${source}`;
    let t = this.parsed.get(key);
    if (!t) {
      t = this.engines[kind].parse(source);
      if (this.parsed.size >= 500) this.parsed.delete(this.parsed.keys().next().value!);
      this.parsed.set(key, t);
    }
    return t;
  }

  private engine(outputEscape: 'escape' | ((value: unknown) => string) | undefined): Liquid {
    const liquid = new Liquid({
      templates: {},
      relativeReference: false,
      ownPropertyOnly: true,
      strictFilters: true,
      lenientIf: true,
      outputEscape,
      parseLimit: TEMPLATE_LIMITS.parseLimit,
      renderLimit: TEMPLATE_LIMITS.renderLimit,
      memoryLimit: TEMPLATE_LIMITS.memoryLimit,
    });
    liquid.registerFilter(
      'money',
      function (this: { context: { globals: any } }, value: unknown, currency?: string) {
        const s: RenderSettings = this.context.globals[SETTINGS];
        return moneyFilter(value, currency, s);
      },
    );
    liquid.registerFilter(
      'date',
      function (this: { context: { globals: any } }, value: unknown, format?: string) {
        const s: RenderSettings = this.context.globals[SETTINGS];
        return dateFilter(value, format, s);
      },
    );
    liquid.registerFilter(
      'plural',
      function (this: { context: { globals: any } }, value: unknown, ...forms: unknown[]) {
        const s: RenderSettings = this.context.globals[SETTINGS];
        return pluralFilter(value, forms.map(String), s.locale);
      },
    );
    return liquid;
  }
}

/**
 * `{{ n | plural: "order", "orders" }}` (en, de) or `{{ n | plural: "zamówienie", "zamówienia",
 * "zamówień" }}` (pl): the word form for n in the template's language — one, then few (or
 * other), then many. Answers the word only; write the number before it.
 */
export function pluralFilter(value: unknown, forms: string[], locale: string): string {
  return pluralWord(forms, locale, value);
}

/** `{{ order.total | money }}`: a MoneyValue, or a number of major units in the given or business currency. */
export function moneyFilter(value: unknown, currency: string | undefined, s: RenderSettings): string {
  if (value instanceof MoneyValue) return formatMoney(value.minor, currency ?? value.currency, s.locale);
  const n = typeof value === 'number' ? value : Number(value);
  if (value === null || value === undefined || value === '' || Number.isNaN(n)) return '';
  const cur = currency ?? s.currency;
  const digits =
    new Intl.NumberFormat('en', { style: 'currency', currency: cur }).resolvedOptions()
      .maximumFractionDigits ?? 2;
  return formatMoney(Math.round(n * 10 ** digits), cur, s.locale);
}

/**
 * `{{ customer.birthday | date: "d MMMM" }}` with a luxon format in the message's locale and the
 * customer's zone. Accepts a Date, epoch ms or an ISO date/time string. Default format: "DDD".
 */
export function dateFilter(value: unknown, format: string | undefined, s: RenderSettings): string {
  // the same dates recur (a hold date for every customer told, an order's date in the html and
  // the text body), and luxon's parsing and formatting cost 15–70 µs a date
  const of =
    value instanceof Date
      ? `d${value.getTime()}`
      : typeof value === 'number'
        ? `n${value}`
        : typeof value === 'string' && value
          ? `s${value}`
          : null;
  if (of === null) return '';
  if (format !== undefined && typeof format !== 'string') return formatDate(value as Date, format, s);
  const f = format ?? '';
  const key = `${of.length},${f.length}|${of}${f}${s.locale}\u0000${s.timezone}`;
  let out = formattedDates.get(key);
  if (out === undefined) {
    if (formattedDates.size >= 10_000) formattedDates.clear();
    formattedDates.set(key, (out = formatDate(value as Date | number | string, format, s)));
  }
  return out;
}

/** dateFilter's answers by value, format, language and zone (luxon's answer depends on nothing else). */
const formattedDates = new Map<string, string>();

function formatDate(value: Date | number | string, format: string | undefined, s: RenderSettings): string {
  let dt: DateTime;
  if (value instanceof Date) dt = DateTime.fromJSDate(value, { zone: s.timezone });
  else if (typeof value === 'number') dt = DateTime.fromMillis(value, { zone: s.timezone });
  else if (typeof value === 'string' && value) dt = DateTime.fromISO(value, { zone: s.timezone });
  else return '';
  if (!dt.isValid) return '';
  return dt.setLocale(s.locale).toFormat(format || 'DDD');
}

/** The first segment path that the sample context does not have, e.g. "customer.frist_name". */
function unknownPath(segments: unknown[], sample: Record<string, unknown>): string | null {
  let current: unknown = sample;
  const seen: string[] = [];
  for (const seg of segments) {
    if (typeof seg !== 'string' && typeof seg !== 'number') return null; // dynamic index: cannot tell
    seen.push(String(seg));
    if (Array.isArray(current)) {
      if (seg === 'size') return null;
      if (seg === 'first' || seg === 'last' || typeof seg === 'number') {
        current = current[0];
        continue;
      }
      return seen.join('.');
    }
    if (typeof current === 'string') return seg === 'size' ? null : seen.join('.');
    if (current instanceof SafeHtml) return seen.join('.');
    if (current instanceof MoneyValue) return seg === 'minor' || seg === 'currency' ? null : seen.join('.');
    if (current === null || typeof current !== 'object' || current instanceof Date) return seen.join('.');
    if (!Object.prototype.hasOwnProperty.call(current, seg)) return seen.join('.');
    current = (current as Record<string, unknown>)[seg];
  }
  return null;
}

function describe(e: unknown): string {
  const msg = e instanceof Error ? e.message : String(e);
  return msg
    .replace(/^undefined filter/, 'unknown filter')
    .replace(/^undefined variable/, 'unknown variable');
}
