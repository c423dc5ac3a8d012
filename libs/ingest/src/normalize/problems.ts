import { ValidationFailed } from '@touchbase/core';
import { CodedProblem, fieldProblem, ProblemCode, ProblemError, ProblemParams } from './problem-texts';

/**
 * Collects problems while normalizing a record; `throwIfAny()` throws ValidationFailed naming
 * them all (the API answers 400; an import reports them under the row's line number). Each
 * problem keeps its catalog code (problem-texts.ts), so an import report can show it in the
 * reader's language.
 */
export class Problems {
  readonly list: CodedProblem[] = [];

  /** A problem in the catalog (problem-texts.ts), shown in the reader's language. */
  addCode(field: string, code: ProblemCode, params: ProblemParams = {}): void {
    this.list.push(fieldProblem(field, code, params));
  }

  /** A problem worded here (machine-facing answers such as a webhook's headers). */
  add(field: string, problem: string): void {
    this.list.push({ field, problem });
  }

  /** Runs one field's normalizer, recording its error as the field's problem. */
  check<T>(field: string, fn: () => T): T | undefined {
    try {
      return fn();
    } catch (e) {
      if (e instanceof ProblemError) this.list.push(fieldProblem(field, e.code, e.params));
      else this.list.push({ field, problem: e instanceof Error ? e.message : String(e) });
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
