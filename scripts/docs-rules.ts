/**
 * Writes docs/rules.md from the rule kinds' own parameter descriptions:
 *
 *   npm run docs:rules
 *
 * test/rules/rules-reference.test.ts fails when the committed file is stale.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { satisfactionSurveyKind } from '../libs/insights/src/survey/satisfaction-survey.kind';
import { renderRuleReference, RuleKindRegistry } from '../libs/rules/src';

export const RULES_DOC = path.resolve(__dirname, '..', 'docs', 'rules.md');

/** Every kind the engine runs with: the rule engine's own and those other areas register. */
export function ruleReference(): string {
  const registry = new RuleKindRegistry();
  registry.register(satisfactionSurveyKind);
  return renderRuleReference(registry.all());
}

if (require.main === module) {
  fs.mkdirSync(path.dirname(RULES_DOC), { recursive: true });
  fs.writeFileSync(RULES_DOC, ruleReference());
  console.log(`wrote ${path.relative(process.cwd(), RULES_DOC)}`);
}
