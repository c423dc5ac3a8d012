import { birthdayDueInWindow, candidateBirthdayMds } from './birthday-dates';

const w = (from: string, to: string) => ({ from: new Date(from), to: new Date(to) });
const opts = { daysBefore: 0, sendTime: '09:00', feb29: 'feb28' as const };

describe('birthday dates', () => {
  it('covers every zone: the candidate days span one spare day each side, shifted by days_before', () => {
    expect(candidateBirthdayMds(w('2026-06-15T00:00:00Z', '2026-06-15T00:05:00Z'), 0)).toEqual([
      '06-14',
      '06-15',
      '06-16',
    ]);
    expect(candidateBirthdayMds(w('2026-12-30T00:00:00Z', '2026-12-30T00:05:00Z'), 3)).toEqual([
      '01-01',
      '01-02',
      '01-03',
    ]);
    expect(candidateBirthdayMds(w('2027-02-27T12:00:00Z', '2027-02-27T12:05:00Z'), 0)).toContain('02-29');
  });

  it('is due at 09:00 on the local date in UTC+14 and UTC−11', () => {
    // 09:00 on 15 Jun in Kiritimati is 19:00 UTC on 14 Jun; in Pago Pago it is 20:00 UTC on 15 Jun.
    expect(
      birthdayDueInWindow(
        6,
        15,
        'Pacific/Kiritimati',
        opts,
        w('2026-06-14T00:00:00Z', '2026-06-16T00:00:00Z'),
      )[0].dueAt.toISOString(),
    ).toBe('2026-06-14T19:00:00.000Z');
    expect(
      birthdayDueInWindow(
        6,
        15,
        'Pacific/Pago_Pago',
        opts,
        w('2026-06-14T00:00:00Z', '2026-06-16T00:00:00Z'),
      )[0].dueAt.toISOString(),
    ).toBe('2026-06-15T20:00:00.000Z');
  });

  it('keys a 1 Jan birthday three days before by the birthday year', () => {
    const [due] = birthdayDueInWindow(
      1,
      1,
      'Europe/Berlin',
      { ...opts, daysBefore: 3 },
      w('2026-12-29T00:00:00Z', '2026-12-30T00:00:00Z'),
    );
    expect(due.year).toBe(2027);
    expect(due.dueAt.toISOString()).toBe('2026-12-29T08:00:00.000Z');
  });

  it('moves 29 Feb to 28 Feb (or 1 Mar) in common years and keeps it in leap years', () => {
    expect(
      birthdayDueInWindow(2, 29, 'UTC', opts, w('2027-02-28T00:00:00Z', '2027-03-02T00:00:00Z')).map(
        (d) => d.birthdayDate,
      ),
    ).toEqual(['2027-02-28']);
    expect(
      birthdayDueInWindow(
        2,
        29,
        'UTC',
        { ...opts, feb29: 'mar1' },
        w('2027-02-28T00:00:00Z', '2027-03-02T00:00:00Z'),
      ).map((d) => d.birthdayDate),
    ).toEqual(['2027-03-01']);
    expect(
      birthdayDueInWindow(2, 29, 'UTC', opts, w('2028-02-28T00:00:00Z', '2028-03-02T00:00:00Z')).map(
        (d) => d.birthdayDate,
      ),
    ).toEqual(['2028-02-29']);
  });

  it('gives exactly one instant for a send time in a DST gap or overlap', () => {
    const gap = birthdayDueInWindow(
      3,
      8,
      'America/New_York',
      { ...opts, sendTime: '02:30' },
      w('2026-03-07T00:00:00Z', '2026-03-10T00:00:00Z'),
    );
    expect(gap).toHaveLength(1);
    expect(gap[0].dueAt.toISOString()).toBe('2026-03-08T07:30:00.000Z'); // 03:30 EDT
    const overlap = birthdayDueInWindow(
      11,
      1,
      'America/New_York',
      { ...opts, sendTime: '01:30' },
      w('2026-10-31T00:00:00Z', '2026-11-03T00:00:00Z'),
    );
    expect(overlap).toHaveLength(1);
    expect(overlap[0].dueAt.toISOString()).toBe('2026-11-01T05:30:00.000Z'); // the first 01:30, EDT
  });
});
