import { createHmac } from 'node:crypto';
import { LinkSigner } from './link-signer';

describe('LinkSigner', () => {
  const signer = new LinkSigner({ secret: 'a'.repeat(40) });

  it('round-trips data for the same purpose', () => {
    const token = signer.sign('unsub', 'email:42');
    expect(token).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    expect(signer.verify('unsub', token)).toBe('email:42');
  });

  it('rejects a token for another purpose, a tampered payload or signature, and garbage', () => {
    const token = signer.sign('unsub', 'email:42');
    expect(signer.verify('survey', token)).toBeNull();
    const [payload, mac] = token.split('.');
    const forged = Buffer.from(Buffer.from(payload, 'base64url').toString().replace('42', '43')).toString(
      'base64url',
    );
    expect(signer.verify('unsub', `${forged}.${mac}`)).toBeNull();
    expect(signer.verify('unsub', `${payload}.${mac.slice(0, -2)}AA`)).toBeNull();
    expect(signer.verify('unsub', 'nonsense')).toBeNull();
    expect(signer.verify('unsub', '')).toBeNull();
    expect(signer.verify('unsub', 'a.b.c')).toBeNull();
  });

  it('rejects a token signed with another secret', () => {
    const other = new LinkSigner({ secret: 'b'.repeat(40) });
    expect(signer.verify('unsub', other.sign('unsub', 'email:42'))).toBeNull();
  });

  it('honours an expiry against the given now', () => {
    const token = signer.sign('survey', '7', { expiresAt: new Date('2027-01-01T00:00:00Z') });
    expect(signer.verify('survey', token, new Date('2026-12-31T23:59:59Z'))).toBe('7');
    expect(signer.verify('survey', token, new Date('2027-01-01T00:00:00Z'))).toBeNull();
    expect(signer.verify('survey', token)).toBeNull();
  });

  it('signs with the derived links key, not APP_SECRET, and still accepts links made before', () => {
    const secret = 'a'.repeat(40);
    const payload = 'unsub||email:42';
    const macWith = (key: string | Buffer) =>
      createHmac('sha256', key).update(payload, 'utf8').digest('base64url');
    const token = signer.sign('unsub', 'email:42');
    const mac = token.split('.')[1];
    expect(mac).not.toBe(macWith(secret));
    expect(mac).not.toBe(macWith(`touchbase-links:${secret}`));
    // a link from an email sent before the per-purpose keys
    const old = `${Buffer.from(payload).toString('base64url')}.${macWith(`touchbase-links:${secret}`)}`;
    expect(signer.verify('unsub', old)).toBe('email:42');
    // a MAC keyed with the raw APP_SECRET (what a shop once held as its webhook key) is refused
    expect(
      signer.verify('unsub', `${Buffer.from(payload).toString('base64url')}.${macWith(secret)}`),
    ).toBeNull();
  });
});
