import * as fs from 'node:fs';
import { ruleReference, RULES_DOC } from '../../scripts/docs-rules';

// docs/rules.md is generated from the kinds' descriptions; run `npm run docs:rules` after changing one.
describe('the rules reference', () => {
  it('is up to date with the rule kinds (else: npm run docs:rules)', () => {
    expect(fs.readFileSync(RULES_DOC, 'utf8')).toBe(ruleReference());
  });

  it('names every kind and parameter, with its unit and default', () => {
    const doc = ruleReference();
    for (const kind of [
      'birthday',
      'big_purchase_thanks',
      'top_customer_checkin',
      'back_in_stock',
      'satisfaction_survey',
    ])
      expect(doc).toContain(`## ${kind}`);
    expect(doc).toMatch(/\| `days_before` \| integer 0–60 \(days\) \| 0 \|/);
    expect(doc).toContain('| `second_tier.channel` | one of `email`, `sms`, `task` | required |');
    expect(doc).toMatch(/\| `delay` \| duration .*stored as `delay_minutes` \| `2d` \|/);
  });
});
