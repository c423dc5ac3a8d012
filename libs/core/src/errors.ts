/**
 * The domain errors every area throws, free of HTTP. The engine maps them once (see
 * docs/architecture.md#errors-and-validation): ValidationFailed → 400 naming each field,
 * Forbidden → 403, NotFound → 404, Conflict → 409, TooManyAttempts → 429. The message is shown to
 * the caller as is, so it names the problem in plain words and never carries SQL or a stack.
 */

/** One problem with one input field, named the way the caller sent it (`params.top_n`, `email`). */
export interface FieldProblem {
  field: string;
  problem: string;
}

/** The one-line summary of field problems: `email: must be an email; phone: is required`. */
export function describeProblems(problems: readonly FieldProblem[]): string {
  return problems.map((p) => `${p.field}: ${p.problem}`).join('; ');
}

/** Base of the taxonomy: an error the caller caused and can be told about. */
export abstract class DomainError extends Error {}

/** Bad input; every problem in `fields` names its field (the API answers them as `fields`). */
export class ValidationFailed extends DomainError {
  constructor(
    readonly fields: FieldProblem[],
    message = describeProblems(fields),
  ) {
    super(message);
    this.name = 'ValidationFailed';
  }
}

/** Shorthand for a single bad field. */
export function invalidField(field: string, problem: string): ValidationFailed {
  return new ValidationFailed([{ field, problem }]);
}

/** The caller is known but may not do this. */
export class Forbidden extends DomainError {
  constructor(message: string) {
    super(message);
    this.name = 'Forbidden';
  }
}

/** A record the caller referred to does not exist. */
export class NotFound extends DomainError {
  constructor(message: string) {
    super(message);
    this.name = 'NotFound';
  }
}

/** The request clashes with the current state (a taken key, a task already finished). */
export class Conflict extends DomainError {
  constructor(message: string) {
    super(message);
    this.name = 'Conflict';
  }
}

/** Too many attempts from this account, address or device: wait, then try again (429 + Retry-After). */
export class TooManyAttempts extends DomainError {
  constructor(readonly retryAfterMs: number) {
    super(`Too many attempts; try again in ${Math.ceil(retryAfterMs / 1000)} seconds.`);
    this.name = 'TooManyAttempts';
  }

  get retryAfterSeconds(): number {
    return Math.ceil(this.retryAfterMs / 1000);
  }
}
