import { SurveyLinks } from './survey-link';

const links = new SurveyLinks({
  secret: 'a'.repeat(40),
  http: { port: 3000, host: '127.0.0.1', publicBaseUrl: 'https://shop.example' },
});
const subject = { ruleId: 3, customerId: 42, occasionKey: 'survey:touch:17' };

describe('SurveyLinks', () => {
  it('round-trips the subject and builds the public URL', () => {
    expect(links.verify(links.token(subject))).toEqual(subject);
    expect(links.url(subject, 4)).toMatch(/^https:\/\/shop\.example\/r\/[\w-]+\.[\w-]+\?rating=4$/);
  });

  it('rejects a token for another customer, a changed signature, another secret and garbage', () => {
    const token = links.token(subject);
    const [, sig] = token.split('.');
    const other = Buffer.from(`survey||${JSON.stringify([3, 43, 'survey:touch:17'])}`).toString('base64url');
    const unsubscribe = Buffer.from(`unsubscribe||${JSON.stringify([3, 42, 'survey:touch:17'])}`).toString(
      'base64url',
    );
    expect(links.verify(`${unsubscribe}.${sig}`)).toBeNull();
    expect(links.verify(`${other}.${sig}`)).toBeNull();
    expect(links.verify(token.slice(0, -2) + (token.endsWith('AA') ? 'BB' : 'AA'))).toBeNull();
    const elsewhere = new SurveyLinks({
      secret: 'b'.repeat(40),
      http: { port: 1, host: 'x', publicBaseUrl: 'http://x' },
    });
    expect(elsewhere.verify(token)).toBeNull();
    for (const bad of ['', '.', 'abc', 'a.b.c', `${token}.x`, 42, null]) expect(links.verify(bad)).toBeNull();
  });
});
