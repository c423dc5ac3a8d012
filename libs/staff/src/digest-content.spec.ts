import { renderDigest } from './digest-content';
import type { DailyList } from './daily-list-item';

const list: DailyList = {
  day: '2026-06-15',
  assigneeId: 7,
  total: 3,
  doneToday: 0,
  items: [
    {
      id: 1,
      kind: 'call',
      outcomes: ['reached'],
      attempts: 0,
      title: 'Check in with Ada <Lovelace>',
      reason: 'Top 5% customer, no contact for 90 days',
      talkingPoints: '- 4 orders, €1,234.50 in total\n- No contact on record',
      status: 'open',
      dueDay: '2026-06-13',
      overdueDays: 2,
      priority: 80,
      ruleId: 3,
      touchId: 9,
      printedAt: null,
      replyChannel: null,
      customer: {
        id: 5,
        name: 'Ada <Lovelace>',
        phone: '+4915112345678',
        telLink: 'tel:+4915112345678',
        email: 'ada@example.test',
        birthday: null,
        notes: '',
        address: null,
        lifetimeSpendMinor: 123450,
        orderCount: 4,
        tier: null,
      },
      recentOrders: [],
      lastContact: null,
    },
  ],
};

describe('morning digest content', () => {
  const mail = renderDigest('Sam', list, {
    businessName: 'Corner Shop',
    baseUrl: 'https://shop.example',
    localHour: 8,
  });

  it('names the day and the number of tasks in the subject', () => {
    expect(mail.subject).toBe('Your follow-up list for Monday 15 June: 3 tasks');
  });

  it('lists each task with its reason, phone, email and talking points in the text part', () => {
    expect(mail.text).toContain('1. [Call] Check in with Ada <Lovelace> (2 days overdue)');
    expect(mail.text).toContain('   Why: Top 5% customer, no contact for 90 days');
    expect(mail.text).toContain('   Phone: +4915112345678 · Email: ada@example.test');
    expect(mail.text).toContain('   - 4 orders, €1,234.50 in total');
    expect(mail.text).toContain('…and 2 more.');
    expect(mail.text).toContain('https://shop.example/tasks');
  });

  it('escapes customer data in the HTML part and links the phone number', () => {
    expect(mail.html).toContain('Check in with Ada &lt;Lovelace&gt;');
    expect(mail.html).not.toContain('<Lovelace>');
    expect(mail.html).toContain('<a href="tel:+4915112345678">+4915112345678</a>');
    expect(mail.html).toContain('<li>4 orders, €1,234.50 in total</li>');
  });
});

describe("morning digest content in the reader's language and time of day", () => {
  const opts = { businessName: 'Corner Shop', baseUrl: 'https://shop.example' };

  it('greets by the local hour: morning before 12, afternoon before 18, evening after', () => {
    expect(renderDigest('Sam', list, { ...opts, localHour: 11 }).text).toMatch(/^Good morning Sam,/);
    expect(renderDigest('Sam', list, { ...opts, localHour: 13 }).text).toMatch(/^Good afternoon Sam,/);
    expect(renderDigest('Sam', list, { ...opts, localHour: 19 }).text).toMatch(/^Good evening Sam,/);
    expect(renderDigest('Sam', list, { ...opts, locale: 'de', localHour: 13 }).text).toMatch(
      /^Guten Tag Sam,/,
    );
    expect(renderDigest('Sam', list, { ...opts, locale: 'pl', localHour: 19 }).text).toMatch(
      /^Dobry wieczór Sam,/,
    );
  });

  it('writes the subject, headings and dates in German', () => {
    const mail = renderDigest('Sam', list, { ...opts, locale: 'de', localHour: 8 });
    expect(mail.subject).toBe('Ihre Liste für Montag, 15. Juni: 3 Aufgaben');
    expect(mail.text).toContain('Guten Morgen Sam,');
    expect(mail.text).toContain('3 Aufgaben stehen für Montag, 15. Juni bei Corner Shop auf Ihrer Liste');
    expect(mail.text).toContain('1. [Anruf] Check in with Ada <Lovelace> (seit 2 Tagen überfällig)');
    expect(mail.text).toContain('   Warum: Top 5% customer');
    expect(mail.text).toContain('   Telefon: +4915112345678 · E-Mail: ada@example.test');
    expect(mail.text).toContain('…und 2 weitere.');
    expect(mail.html).not.toContain('<html'); // the dispatcher wraps it in the shop's layout
    expect(mail.html).toContain('>Liste öffnen</a>');
  });

  it('uses the Polish plural forms (one, few, many) and Polish dates', () => {
    const pl = (total: number, overdueDays: number) =>
      renderDigest(
        'Ola',
        { ...list, total, items: [{ ...list.items[0], overdueDays }] },
        {
          ...opts,
          locale: 'pl-PL',
          localHour: 9,
        },
      );
    expect(pl(1, 1).subject).toBe('Twoja lista zadań – poniedziałek, 15 czerwca: 1 zadanie');
    expect(pl(1, 1).text).toContain('(1 dzień po terminie)');
    expect(pl(3, 2).subject).toMatch(/: 3 zadania$/);
    expect(pl(3, 2).text).toContain('(2 dni po terminie)');
    expect(pl(5, 5).subject).toMatch(/: 5 zadań$/);
    expect(pl(22, 5).subject).toMatch(/: 22 zadania$/);
    expect(pl(1, 1).text).toMatch(/^Dzień dobry Ola,/);
  });

  it('falls back to English for a language it does not have', () => {
    expect(renderDigest('Sam', list, { ...opts, locale: 'fr', localHour: 8 }).subject).toBe(
      'Your follow-up list for Monday 15 June: 3 tasks',
    );
  });
});
