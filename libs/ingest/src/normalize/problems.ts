import { FieldProblem, ValidationFailed } from '@touchbase/core';

/**
 * Collects problems while normalizing a record; `throwIfAny()` throws ValidationFailed naming
 * them all (the API answers 400; an import reports them under the row's line number).
 */
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
    if (this.list.length) throw new ValidationFailed(this.list);
  }
}
