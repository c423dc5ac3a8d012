import { Test } from '@nestjs/testing';
import { RulesModule } from '@touchbase/rules';
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
      await ok.close();
    } finally {
      await db.drop(settings);
    }
  });
});
