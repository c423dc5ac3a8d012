/** A problem with one field of a rule, named the way the API and the YAML loader show it. */
export interface RuleFieldProblem {
  field: string;
  problem: string;
}

/**
 * Bad rule input: every problem names its field (docs/architecture.md#invariants). Mapped to 400 by
 * the HTTP layer.
 */
export class RuleValidationError extends Error {
  constructor(readonly fields: RuleFieldProblem[]) {
    super(fields.map((f) => `${f.field}: ${f.problem}`).join('; '));
    this.name = 'RuleValidationError';
  }
}

export class RuleNotFoundError extends Error {
  constructor(readonly ruleId: number) {
    super(`No rule with id ${ruleId}`);
    this.name = 'RuleNotFoundError';
  }
}
