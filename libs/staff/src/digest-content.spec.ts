import { renderDigest } from './digest-content';
import type { DailyList } from './daily-list.service';

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
      },
      recentOrders: [],
      lastContact: null,
    },
  ],
};

describe('morning digest content', () => {
  const mail = renderDigest('Sam', list, { businessName: 'Corner Shop', baseUrl: 'https://shop.example' });

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
