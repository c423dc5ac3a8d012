import { detectDelimiter, headerKey, mapHeader } from './columns';

describe('CSV header mapping', () => {
  it('ignores case, spaces and punctuation', () => {
    expect(headerKey(' E-Mail ')).toBe('email');
    expect(headerKey('First_Name')).toBe('firstname');
    expect(headerKey('Imię')).toBe('imię');
  });
  it('maps English, German and Polish aliases and lists unknown columns', () => {
    const { mapping, problems } = mapHeader('customers', [
      'Kundennummer',
      'Vorname',
      'Nazwisko',
      'E-Mail',
      'Handy',
      'Geburtstag',
      'Shoe size',
    ]);
    expect(problems).toEqual([]);
    expect(mapping.fields).toEqual([
      'externalId',
      'firstName',
      'lastName',
      'email',
      'phone',
      'birthday',
      undefined,
    ]);
    expect(mapping.unknown).toEqual(['Shoe size']);
    expect(mapping.headerOf.email).toBe('E-Mail');
  });
  it('refuses a header that cannot identify rows or names a field twice', () => {
    expect(mapHeader('customers', ['first name', 'city']).problems[0]).toMatch(
      /external id column .* or an "email" column/,
    );
    expect(mapHeader('customers', ['email', 'E-Mail']).problems[0]).toMatch(/both mean email/);
    expect(mapHeader('orders', ['order id', 'total']).problems).toEqual([
      'an orders file needs a "placedAt" column',
      'an orders file needs a "customerExternalId" or "customerEmail" column',
    ]);
    expect(mapHeader('products', ['name']).problems).toEqual(['a products file needs a "sku" column']);
  });
  it('picks the delimiter from the header line', () => {
    expect(detectDelimiter('email,first name')).toBe(',');
    expect(detectDelimiter('E-Mail;Vorname;Nachname')).toBe(';');
    expect(detectDelimiter('email\tname')).toBe('\t');
  });
});
