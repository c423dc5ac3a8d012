/**
 * Errors of the staff area, free of HTTP; the engine maps them (StaffErrorFilter):
 * FieldRejected → 400 naming the fields, NotAllowed → 403, NotFound → 404, Conflict → 409.
 */
export interface FieldProblem {
  field: string;
  problem: string;
}

export class FieldRejected extends Error {
  constructor(readonly fields: FieldProblem[]) {
    super(fields.map((f) => `${f.field}: ${f.problem}`).join('; '));
    this.name = 'FieldRejected';
  }
}

export function rejectField(field: string, problem: string): FieldRejected {
  return new FieldRejected([{ field, problem }]);
}

export class NotAllowed extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NotAllowed';
  }
}

export class NotFound extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NotFound';
  }
}

export class Conflict extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'Conflict';
  }
}

/** Unique-constraint violation on SQLite or PostgreSQL. */
export function isUniqueViolation(e: unknown): boolean {
  const err = e as { code?: string; driverError?: { code?: string } };
  const code = err?.driverError?.code ?? err?.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

/** Too many attempts from this account, address or device: wait, then try again (→ 429 + Retry-After). */
export class TooManyAttempts extends Error {
  constructor(readonly retryAfterMs: number) {
    super(`Too many attempts; try again in ${Math.ceil(retryAfterMs / 1000)} seconds.`);
    this.name = 'TooManyAttempts';
  }

  get retryAfterSeconds(): number {
    return Math.ceil(this.retryAfterMs / 1000);
  }
}
