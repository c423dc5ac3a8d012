import { postalLines } from './postal-address';

describe('postalLines', () => {
  const a = {
    name: 'Anna Schmidt',
    street: 'Hauptstraße 5',
    postcode: '10115',
    city: 'Berlin',
    country: 'DE',
  };
  it('writes the postcode before the town in Germany and Poland, with no country at home', () => {
    expect(postalLines(a, 'DE', 'de')).toEqual(['Anna Schmidt', 'Hauptstraße 5', '10115 Berlin']);
    expect(
      postalLines(
        { ...a, street: 'ul. Długa 5', postcode: '00-950', city: 'Warszawa', country: 'PL' },
        'PL',
        'pl',
      ),
    ).toEqual(['Anna Schmidt', 'ul. Długa 5', '00-950 Warszawa']);
  });
  it('adds the country in capitals, in the sender’s language, for mail abroad', () => {
    expect(postalLines(a, 'PL', 'pl')).toEqual(['Anna Schmidt', 'Hauptstraße 5', '10115 Berlin', 'NIEMCY']);
    expect(postalLines({ ...a, country: 'PL', city: 'Kraków', postcode: '30-001' }, 'DE', 'de').at(-1)).toBe(
      'POLEN',
    );
  });
  it('puts the UK town and postcode on lines of their own, and US town before the ZIP code', () => {
    expect(
      postalLines(
        { name: 'Zoë Smith', street: '10 Downing St', postcode: 'sw1a 2aa', city: 'London', country: 'GB' },
        'DE',
        'en',
      ),
    ).toEqual(['Zoë Smith', '10 Downing St', 'LONDON', 'SW1A 2AA', 'UNITED KINGDOM']);
    expect(
      postalLines(
        { name: 'Joe Doe', street: '1 Main St', postcode: '62704', city: 'Springfield', country: 'US' },
        'US',
        'en',
      ),
    ).toEqual(['Joe Doe', '1 Main St', 'SPRINGFIELD 62704']);
  });
  it('reads a missing country as the sender’s own and leaves out empty parts', () => {
    expect(postalLines({ ...a, country: null, postcode: null }, 'DE', 'de')).toEqual([
      'Anna Schmidt',
      'Hauptstraße 5',
      'Berlin',
    ]);
  });
});
