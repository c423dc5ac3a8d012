/** A problem with one input field, named the way the API shows it (400 { fields }). */
export interface InsightsFieldProblem {
  field: string;
  problem: string;
}

/** Bad report or survey input; the HTTP layer maps it to 400 naming the fields. */
export class InsightsInputError extends Error {
  constructor(readonly fields: InsightsFieldProblem[]) {
    super(fields.map((f) => `${f.field}: ${f.problem}`).join('; '));
    this.name = 'InsightsInputError';
  }
}
