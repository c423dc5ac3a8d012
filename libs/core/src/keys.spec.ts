import { purposeKey } from './keys';

describe('purposeKey', () => {
  const secret = 'x'.repeat(64);

  it('gives each purpose its own 32-byte key, none equal to the secret', () => {
    const keys = (['links', 'suppression', 'rate-limit', 'device'] as const).map((p) =>
      purposeKey(secret, p),
    );
    expect(keys.every((k) => k.length === 32)).toBe(true);
    expect(new Set(keys.map((k) => k.toString('hex'))).size).toBe(4);
    expect(keys.some((k) => k.toString('utf8').includes(secret))).toBe(false);
  });

  it('is stable for the same secret and changes with it', () => {
    expect(purposeKey(secret, 'links').equals(purposeKey(secret, 'links'))).toBe(true);
    expect(purposeKey('y'.repeat(64), 'links').equals(purposeKey(secret, 'links'))).toBe(false);
  });
});
