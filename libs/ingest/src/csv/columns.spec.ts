import { headerKey, mapHeader, parseColumnChoices } from './columns';

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
  it('maps postal address headers in English, German and Polish', () => {
    for (const header of [
      ['email', 'Street', 'Postcode', 'City', 'Country'],
      ['email', 'Straße', 'PLZ', 'Ort', 'Land'],
      ['email', 'Ulica', 'Kod pocztowy', 'Miasto', 'Kraj'],
      ['email', 'Address 1', 'ZIP code', 'Town', 'Country code'],
    ])
      expect([header[1], mapHeader('customers', header).mapping.fields]).toEqual([
        header[1],
        ['email', 'street', 'postcode', 'city', 'country'],
      ]);
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
  it('recognises consent columns in en/de/pl and never drops an unrecognised one silently', () => {
    const { mapping, problems } = mapHeader('customers', [
      'E-Mail',
      'SMS erlaubt',
      'E-Mail erlaubt',
      'Zgoda na SMS',
      'problem',
    ]);
    expect(mapping.fields).toEqual(['email', 'smsConsent', 'emailConsent', undefined, undefined]);
    expect(problems).toEqual(['columns "SMS erlaubt" and "Zgoda na SMS" both mean smsConsent']);
    const unclear = mapHeader('customers', ['E-Mail', 'Werbung per Post erlaubt']);
    expect(unclear.problems[0]).toMatch(
      /"Werbung per Post erlaubt" looks like consent but is not recognised/,
    );
    expect(
      mapHeader('customers', ['E-Mail', 'Werbung per Post erlaubt'], { 'Werbung per Post erlaubt': null })
        .problems,
    ).toEqual([]);
  });
  it("takes the owner's choices over the recognised fields", () => {
    const { mapping, problems } = mapHeader('customers', ['Nr', 'Mail', 'Handy', 'Okay SMS'], {
      Nr: 'external_id',
      'Okay SMS': 'sms_consent',
      Handy: null,
    });
    expect(problems).toEqual([]);
    expect(mapping.fields).toEqual(['externalId', 'email', undefined, 'smsConsent']);
    expect(mapping.columns.map((c) => [c.header, c.field, c.chosen])).toEqual([
      ['Nr', 'externalId', true],
      ['Mail', 'email', false],
      ['Handy', null, true],
      ['Okay SMS', 'smsConsent', true],
    ]);
    expect(mapHeader('customers', ['email'], { email: 'shoe_size' }).problems[0]).toMatch(
      /"shoe_size" is not a customers field/,
    );
    expect(mapHeader('customers', ['email'], { Telefon: 'phone' }).problems[0]).toMatch(/does not have/);
  });
  it('reads a mapping from a JSON file and --map flags', () => {
    expect(
      parseColumnChoices({ 'SMS erlaubt': 'smsConsent', Notiz: null }, ['Notiz=notes', 'Farbe=']),
    ).toEqual({
      'SMS erlaubt': 'smsConsent',
      Notiz: 'notes',
      Farbe: null,
    });
    expect(() => parseColumnChoices(undefined, ['nothing'])).toThrow(/Column header=field/);
    expect(() => parseColumnChoices([1])).toThrow(/JSON object/);
  });
});
