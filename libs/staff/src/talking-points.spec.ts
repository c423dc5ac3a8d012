import { daysBetween, localDay, talkingPoints, CustomerFacts } from './talking-points';

const base: CustomerFacts = {
  firstName: 'Ada',
  taskPoints: '',
  recentOrders: [],
  lastContact: null,
  birthday: null,
  notes: '',
  lifetimeSpendMinor: 0,
  orderCount: 0,
};

describe('talking points', () => {
  it('lists orders, spend, last contact, notes and the task’s own points', () => {
    const text = talkingPoints(
      {
        ...base,
        taskPoints: 'Thank them for their loyalty.',
        orderCount: 4,
        lifetimeSpendMinor: 123450,
        recentOrders: [
          {
            placedAt: new Date('2026-06-01T22:30:00Z'),
            totalMinor: 45000,
            currency: 'EUR',
            items: ['Espresso machine', 'Grinder'],
          },
        ],
        lastContact: {
          at: new Date('2026-05-20T08:00:00Z'),
          kind: 'call',
          summary: 'reached: happy with the grinder',
        },
        notes: 'Prefers calls\nafter 5 pm',
      },
      '2026-06-15',
      'Europe/Berlin',
    );
    expect(text.split('\n')).toEqual([
      'Thank them for their loyalty.',
      '- 4 orders, €1,234.50 in total',
      // 22:30 UTC is already 2 June in Berlin
      '- Bought Espresso machine, Grinder on 2026-06-02 (€450.00)',
      '- Last contact 2026-05-20: call — reached: happy with the grinder',
      '- Notes: Prefers calls after 5 pm',
    ]);
  });

  it('says when nothing is on record', () => {
    expect(talkingPoints(base, '2026-06-15', 'Europe/Berlin')).toBe(
      '- No orders yet\n- No contact on record',
    );
  });

  it('counts days to the birthday across the year end and treats 29 Feb in a common year as 28 Feb', () => {
    expect(talkingPoints({ ...base, birthday: { month: 1, day: 3 } }, '2026-12-28', 'UTC')).toContain(
      '- Birthday 3 January — in 6 days',
    );
    expect(talkingPoints({ ...base, birthday: { month: 2, day: 29 } }, '2027-02-28', 'UTC')).toContain(
      '- Birthday 29 February — today!',
    );
    expect(talkingPoints({ ...base, birthday: { month: 2, day: 29 } }, '2028-02-27', 'UTC')).toContain(
      '— in 2 days',
    );
    expect(talkingPoints({ ...base, birthday: { month: 6, day: 16 } }, '2026-06-15', 'UTC')).toContain(
      '— in 1 day\n',
    );
    expect(talkingPoints({ ...base, birthday: { month: 9, day: 1 } }, '2026-06-15', 'UTC')).toMatch(
      /- Birthday 1 September\n/,
    );
  });
});

describe('day arithmetic for the list', () => {
  it('counts whole days across month and year ends, leap days and DST changes', () => {
    expect(daysBetween('2026-06-12', '2026-06-15')).toBe(3);
    expect(daysBetween('2026-12-30', '2027-01-02')).toBe(3);
    expect(daysBetween('2028-02-28', '2028-03-01')).toBe(2);
    expect(daysBetween('2027-02-28', '2027-03-01')).toBe(1);
    expect(daysBetween('2026-03-28', '2026-03-30')).toBe(2); // spring forward in Europe on 29 March
    expect(daysBetween('2026-06-15', '2026-06-15')).toBe(0);
    expect(daysBetween('2026-06-16', '2026-06-15')).toBe(-1);
  });

  it('reads an instant’s local day in the zone, on both sides of the date line', () => {
    const at = new Date('2026-06-15T10:30:00Z');
    expect(localDay(at, 'Pacific/Kiritimati')).toBe('2026-06-16'); // UTC+14
    expect(localDay(at, 'Pacific/Pago_Pago')).toBe('2026-06-14'); // UTC−11 … 23:30 the day before
    expect(localDay(new Date('2026-12-31T23:30:00Z'), 'Europe/Berlin')).toBe('2027-01-01');
    expect(localDay(new Date('2026-10-25T00:30:00Z'), 'Europe/Berlin')).toBe('2026-10-25'); // 02:30 CEST, the fall-back night
  });
});

describe('localDay cache', () => {
  it('gives the right day on both sides of local midnight within one UTC hour (UTC+5:45)', () => {
    // Kathmandu is UTC+5:45: local midnight is 18:15 UTC
    expect(localDay(new Date('2026-06-15T18:14:59Z'), 'Asia/Kathmandu')).toBe('2026-06-15');
    expect(localDay(new Date('2026-06-15T18:15:00Z'), 'Asia/Kathmandu')).toBe('2026-06-16');
    expect(localDay(new Date('2026-06-15T18:14:00Z'), 'Asia/Kathmandu')).toBe('2026-06-15');
  });
});
