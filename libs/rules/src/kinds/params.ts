import type { RuleFieldProblem } from '../errors';

/** Small helpers so each kind's parameter checks read as a list of fields. */
export class ParamReader {
  readonly problems: RuleFieldProblem[] = [];
  private readonly known = new Set<string>(['fallback']);

  constructor(private readonly raw: Record<string, unknown>) {}

  private field(name: string): string {
    return `params.${name}`;
  }

  has(name: string): boolean {
    this.known.add(name);
    return this.raw[name] !== undefined && this.raw[name] !== null;
  }

  int(name: string, min: number, max: number, fallback?: number): number {
    if (!this.has(name)) {
      if (fallback === undefined)
        this.problems.push({ field: this.field(name), problem: `is required (an integer ${min}–${max})` });
      return fallback ?? min;
    }
    const v = this.raw[name];
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
      this.problems.push({ field: this.field(name), problem: `must be an integer ${min}–${max}` });
      return fallback ?? min;
    }
    return v;
  }

  number(name: string, min: number, max: number): number | undefined {
    if (!this.has(name)) return undefined;
    const v = this.raw[name];
    if (typeof v !== 'number' || !Number.isFinite(v) || v <= min || v > max) {
      this.problems.push({
        field: this.field(name),
        problem: `must be a number greater than ${min} and at most ${max}`,
      });
      return undefined;
    }
    return v;
  }

  time(name: string, fallback: string): string {
    if (!this.has(name)) return fallback;
    const v = this.raw[name];
    if (typeof v !== 'string' || !/^([01]\d|2[0-3]):[0-5]\d$/.test(v)) {
      this.problems.push({
        field: this.field(name),
        problem: 'must be a time as HH:MM (24 h), e.g. "09:00"',
      });
      return fallback;
    }
    return v;
  }

  oneOf<T extends string>(name: string, options: readonly T[], fallback: T): T {
    if (!this.has(name)) return fallback;
    const v = this.raw[name];
    if (typeof v !== 'string' || !options.includes(v as T)) {
      this.problems.push({ field: this.field(name), problem: `must be one of ${options.join(', ')}` });
      return fallback;
    }
    return v as T;
  }

  bool(name: string, fallback: boolean): boolean {
    if (!this.has(name)) return fallback;
    const v = this.raw[name];
    if (typeof v !== 'boolean') {
      this.problems.push({ field: this.field(name), problem: 'must be true or false' });
      return fallback;
    }
    return v;
  }

  /** { EUR: 20000, USD: 25000 } — positive whole minor units per ISO currency. */
  amounts(
    name: string,
    required: boolean,
    raw: unknown = this.raw[name],
    field = this.field(name),
  ): Record<string, number> {
    this.known.add(name);
    if (raw === undefined || raw === null) {
      if (required)
        this.problems.push({
          field,
          problem: 'is required: minimum totals per currency in minor units, e.g. { EUR: 20000 }',
        });
      return {};
    }
    if (typeof raw !== 'object' || Array.isArray(raw) || !Object.keys(raw).length) {
      this.problems.push({
        field,
        problem: 'must map currency codes to minimum totals in minor units, e.g. { EUR: 20000 }',
      });
      return {};
    }
    const out: Record<string, number> = {};
    for (const [cur, amount] of Object.entries(raw as Record<string, unknown>)) {
      if (!/^[A-Z]{3}$/.test(cur))
        this.problems.push({ field: `${field}.${cur}`, problem: 'is not an ISO 4217 currency code' });
      else if (typeof amount !== 'number' || !Number.isInteger(amount) || amount <= 0)
        this.problems.push({
          field: `${field}.${cur}`,
          problem: 'must be a positive whole amount in minor units (cents)',
        });
      else out[cur] = amount;
    }
    return out;
  }

  /** Anything not read by the kind is a typo worth naming. */
  finish(): void {
    for (const k of Object.keys(this.raw))
      if (!this.known.has(k))
        this.problems.push({ field: this.field(k), problem: 'is not a parameter of this rule kind' });
  }

  raw_(name: string): unknown {
    this.known.add(name);
    return this.raw[name];
  }
}

/** What to do when no channel the customer consented to is left: make a task, or skip. */
export type ConsentFallback = 'task' | 'skip';

export function readFallback(r: ParamReader): ConsentFallback {
  return r.oneOf('fallback', ['task', 'skip'] as const, 'skip');
}
