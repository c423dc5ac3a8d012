import { decideTouch } from './policies';
import { englishReason, reasonText } from './reasons';

describe('reasons as sentences in the reader’s language', () => {
  const night = decideTouch({
    rule: { id: 1, transactional: false, gracePeriodMinutes: 1440, holdoutPercent: 0 },
    customer: {
      id: 7,
      email: null,
      phone: '+4915112345678',
      phoneProblem: null,
      emailConsent: true,
      smsConsent: true,
      preferredChannels: 'email,sms',
      zone: 'Australia/Sydney',
    },
    occasionKey: 'birthday:2026',
    dueAt: new Date('2026-06-15T16:16:00Z'), // 02:16 in Sydney
    now: new Date('2026-06-15T16:20:00Z'),
    wantedChannel: 'email',
    fallback: 'skip',
    touchesInBudgetWindow: 0,
    policy: { quietHoursStart: '08:00', quietHoursEnd: '21:00', budgetMax: 1, budgetDays: 7 },
  });

  it('keeps the English sentence for the ledger and renders the same reasons in en, de and pl', () => {
    expect(night.channel).toBe('sms');
    expect(night.reason).toBe(
      'no email address; fell back to SMS; quiet hours: waits until 2026-06-16 08:00 local (Australia/Sydney)',
    );
    expect(englishReason(night.reasons)).toBe(night.reason);
    expect(reasonText(night.reasons, 'de')).toBe(
      'keine E-Mail-Adresse; stattdessen per SMS; Ruhezeit: wartet bis 2026-06-16 08:00 Ortszeit (Australia/Sydney)',
    );
    expect(reasonText(night.reasons, 'pl-PL')).toBe(
      'brak adresu e-mail; zamiast tego przez SMS; godziny ciszy: czeka do 2026-06-16 08:00 czasu lokalnego (Australia/Sydney)',
    );
  });

  it('shows a text made elsewhere (a task reason) as it is, and an unknown language in English', () => {
    expect(reasonText(['Birthday on 2026-06-20', { code: 'holdout', params: { percent: 10 } }], 'fr')).toBe(
      'Birthday on 2026-06-20; kept back in the 10% holdout group',
    );
  });
});
