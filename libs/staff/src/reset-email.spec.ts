import { renderResetEmail } from './reset-email';

describe('the password-reset email', () => {
  const base = {
    name: 'Ada',
    business: 'Laden am Eck',
    link: 'https://shop.example/reset/' + 'ab'.repeat(32),
    minutes: 30,
  };

  it('speaks the user’s language, naming the link’s lifetime, and falls back to English', () => {
    const de = renderResetEmail({ ...base, locale: 'de' });
    expect(de.subject).toBe('Neues Passwort für Laden am Eck festlegen');
    expect(de.text).toContain('innerhalb von 30 Minuten');
    // a fragment: the dispatcher wraps it in the shop's layout, in the outbox row's language
    expect(de.html).not.toContain('<html');
    expect(de.html).toContain('innerhalb von 30 Minuten');
    const pl = renderResetEmail({ ...base, locale: 'pl-PL' });
    expect(pl.subject).toBe('Ustaw nowe hasło do Laden am Eck');
    expect(pl.text).toContain('w ciągu 30 minut');
    const fr = renderResetEmail({ ...base, locale: 'fr' });
    expect(fr.subject).toBe('Set a new password for Laden am Eck');
    expect(fr.html).toContain('within 30 minutes');
    for (const m of [de, pl, fr]) {
      expect(m.text).toContain(base.link);
      expect(m.html).toContain(`href="${base.link}"`);
    }
  });

  it('says which owner started it, and escapes names in the HTML part', () => {
    const m = renderResetEmail({ ...base, locale: 'en', name: '<b>Ada</b> $&', ownerName: 'Olga "O"' });
    expect(m.text).toContain('Hello <b>Ada</b> $&,');
    expect(m.text).toContain('Olga "O" started a password reset');
    expect(m.html).toContain('Hello &lt;b&gt;Ada&lt;/b&gt; $&amp;,');
    expect(m.html).not.toContain('<b>Ada</b>');
    expect(m.html).toContain('Olga &quot;O&quot; started');
  });
});
