import { smsSegments } from './sms-segments';

describe('SMS segments', () => {
  it('fits 160 GSM-7 characters in one part and splits the 161st into parts of 153', () => {
    expect(smsSegments('a'.repeat(160))).toMatchObject({
      encoding: 'GSM-7',
      segments: 1,
      units: 160,
      left: 0,
    });
    expect(smsSegments('a'.repeat(161))).toMatchObject({ segments: 2, perSegment: 153, left: 145 });
    expect(smsSegments('a'.repeat(307))).toMatchObject({ segments: 3 });
  });

  it('counts an extension character (€, [, }) as two units and stays GSM-7', () => {
    expect(smsSegments('€'.repeat(80))).toMatchObject({ encoding: 'GSM-7', segments: 1, units: 160 });
    expect(smsSegments('€'.repeat(81))).toMatchObject({ encoding: 'GSM-7', segments: 2, units: 162 });
    expect(smsSegments('Preis: 5 € [neu]')).toMatchObject({ units: 19 });
  });

  it('turns the whole text into UCS-2 for one non-GSM character: 70 alone, 67 per part', () => {
    expect(smsSegments('ą'.repeat(70))).toMatchObject({ encoding: 'UCS-2', segments: 1, perSegment: 70 });
    expect(smsSegments('ą'.repeat(71))).toMatchObject({ encoding: 'UCS-2', segments: 2, perSegment: 67 });
    expect(smsSegments('Hello 😀')).toMatchObject({ encoding: 'UCS-2', units: 8 });
  });

  it('keeps German umlauts in GSM-7 (ä ö ü ß are in the basic table)', () => {
    expect(smsSegments('Grüße aus München, schönen Tag!').encoding).toBe('GSM-7');
  });

  it('finds the Polish birthday SMS to be two UCS-2 parts', () => {
    const text =
      'Wszystkiego najlepszego z okazji urodzin, Anna! Serdeczne życzenia od zespołu Touchbase Demo. Odpowiedz STOP, aby zrezygnować.';
    expect(smsSegments(text)).toMatchObject({ encoding: 'UCS-2', segments: 2, units: 126, left: 8 });
  });

  it('answers no parts for an empty text', () => {
    expect(smsSegments('')).toMatchObject({ segments: 0, units: 0 });
  });
});
