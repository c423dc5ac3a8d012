import { Test } from '@nestjs/testing';
import { InsightsModule } from '@touchbase/insights';
import { RuleKindRegistry, RulesModule } from '@touchbase/rules';
import { MessagingModule } from '@touchbase/messaging';
import { StaffModule } from '@touchbase/staff';
import { PlatformModule } from '@touchbase/store';
import { testConfig, testDatabases } from '@touchbase/test-kit';

// The rule engine's ports are required (see docs/architecture.md): a process that forgets the
// messaging or staff area fails at boot instead of failing on the first due touch.
describe('the rule engine’s module wiring', () => {
  const db = testDatabases()[0];

  it('boots with the messaging and staff areas, and refuses to boot without a composer or an assigner', async () => {
    const settings = await db.create();
    try {
      const config = testConfig(settings);
      await expect(
        Test.createTestingModule({ imports: [PlatformModule.forRoot(config), RulesModule] }).compile(),
      ).rejects.toThrow(/MessageComposer/);
      await expect(
        Test.createTestingModule({
          imports: [PlatformModule.forRoot(config), MessagingModule, RulesModule],
        }).compile(),
      ).rejects.toThrow(/TaskAssigner/);
      const ok = await Test.createTestingModule({
        imports: [PlatformModule.forRoot(config), MessagingModule, StaffModule, RulesModule],
      }).compile();
      await ok.init();
      // The rule engine knows its own kinds; satisfaction_survey belongs to insights, which adds it.
      expect(ok.get(RuleKindRegistry).names()).not.toContain('satisfaction_survey');
      await ok.close();
      // insights' survey service needs the assigner too (a low rating's service-recovery task)
      await expect(
        Test.createTestingModule({
          imports: [PlatformModule.forRoot(config), MessagingModule, InsightsModule],
        }).compile(),
      ).rejects.toThrow(/TaskAssigner/);
      const withInsights = await Test.createTestingModule({
        imports: [PlatformModule.forRoot(config), MessagingModule, StaffModule, InsightsModule],
      }).compile();
      await withInsights.init();
      expect(withInsights.get(RuleKindRegistry).names()).toContain('satisfaction_survey');
      await withInsights.close();
    } finally {
      await db.drop(settings);
    }
  });
});
