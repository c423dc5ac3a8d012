import {
  generateApiToken,
  generatePassword,
  hashPassword,
  needsRehash,
  safeEqual,
  verifyPassword,
} from './password';

describe('password hashing', () => {
  it('verifies the right password and refuses a wrong one', async () => {
    const hash = await hashPassword('correct horse battery staple', { N: 1024 });
    expect(hash).toMatch(/^scrypt\$1024\$8\$1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
    await expect(verifyPassword('correct horse battery staple', hash)).resolves.toBe(true);
    await expect(verifyPassword('correct horse battery stapler', hash)).resolves.toBe(false);
    await expect(verifyPassword('', hash)).resolves.toBe(false);
  });

  it('salts every hash, so the same password hashes differently', async () => {
    const a = await hashPassword('same', { N: 1024 });
    const b = await hashPassword('same', { N: 1024 });
    expect(a).not.toBe(b);
    await expect(verifyPassword('same', b)).resolves.toBe(true);
  });

  it('hashes at the OWASP parameters by default (N=2^17, r=8, p=1) and reads them from the hash', async () => {
    const hash = await hashPassword('pw');
    expect(hash.split('$').slice(1, 4)).toEqual(['131072', '8', '1']);
    await expect(verifyPassword('pw', hash)).resolves.toBe(true);
    expect(needsRehash(hash)).toBe(false);
  });

  it('tells which stored hashes are weaker than the current parameters', async () => {
    const old = await hashPassword('pw', { N: 16384 });
    expect(needsRehash(old)).toBe(true);
    expect(needsRehash(old, { N: 16384 })).toBe(false);
    await expect(verifyPassword('pw', old)).resolves.toBe(true);
  });

  it('treats unicode the same in composed and decomposed form', async () => {
    const hash = await hashPassword('Gr\u00fc\u00dfe', { N: 1024 });
    await expect(verifyPassword('Gru\u0308\u00dfe', hash)).resolves.toBe(true);
  });

  it('refuses malformed or foreign hashes without throwing', async () => {
    for (const bad of [
      '',
      'test-only:no-password',
      'scrypt$x$8$1$aa$bb',
      'scrypt$1024$8$1$$',
      'bcrypt$2b$10$abc$def$ghi',
    ]) {
      await expect(verifyPassword('pw', bad)).resolves.toBe(false);
    }
  });

  it('makes random passwords and tokens of the promised shape', () => {
    const pw = generatePassword();
    expect(pw).toHaveLength(20);
    expect(pw).not.toMatch(/[0O1lI]/);
    expect(generatePassword()).not.toBe(pw);
    expect(generateApiToken()).toMatch(/^tb_[0-9a-f]{48}$/);
  });

  it('compares strings in constant time', () => {
    expect(safeEqual('abc', 'abc')).toBe(true);
    expect(safeEqual('abc', 'abd')).toBe(false);
    expect(safeEqual('abc', 'abcd')).toBe(false);
  });
});
