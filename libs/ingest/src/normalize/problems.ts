/** A problem with one input field, named so the API answers 400 and an import names the column. */
export interface FieldProblem {
  field: string;
  problem: string;
}

/** Thrown by the ingest services for bad input; the engine maps it to 400 `{ message, fields }`. */
export class IngestValidationError extends Error {
  constructor(readonly fields: FieldProblem[]) {
    super(fields.map((f) => `${f.field}: ${f.problem}`).join('; '));
    this.name = 'IngestValidationError';
  }
}

/** Thrown when a referenced record (customer, product, order) does not exist; the engine answers 404. */
export class IngestNotFoundError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'IngestNotFoundError';
  }
}

/** Thrown when a create would clash with an existing record (e.g. the external id is taken); 409. */
export class IngestConflictError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'IngestConflictError';
  }
}

/** Collects problems while normalizing a record; `value()` throws when there were any. */
export class Problems {
  readonly list: FieldProblem[] = [];

  add(field: string, problem: string): void {
    this.list.push({ field, problem });
  }

  /** Runs one field's normalizer, recording its error message as the field's problem. */
  check<T>(field: string, fn: () => T): T | undefined {
    try {
      return fn();
    } catch (e) {
      this.add(field, e instanceof Error ? e.message : String(e));
      return undefined;
    }
  }

  get ok(): boolean {
    return this.list.length === 0;
  }

  throwIfAny(): void {
    if (this.list.length) throw new IngestValidationError(this.list);
  }
}
