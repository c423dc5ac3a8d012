import { DataSource } from 'typeorm';
import {
  applySpendChanges,
  ContactEvent,
  orderSpendChanges,
  Customer,
  Order,
  Task,
  User,
} from '@touchbase/store';

/** Small factories for the staff area's suites and the tasks bench (straight into the store). */
export const staffFixtures = {
  async user(
    ds: DataSource,
    at: Date,
    fields: Partial<User> & { email: string; role: string },
  ): Promise<User> {
    const repo = ds.getRepository(User);
    return repo.save(
      repo.create({
        name: fields.email.split('@')[0],
        passwordHash: 'test-only:no-password',
        locale: 'en',
        timezone: null,
        digestTime: '08:00',
        active: true,
        createdAt: at,
        ...fields,
      }),
    );
  },

  async customer(ds: DataSource, at: Date, fields: Partial<Customer> = {}): Promise<Customer> {
    const repo = ds.getRepository(Customer);
    return repo.save(
      repo.create({
        firstName: 'Ada',
        lastName: 'Lovelace',
        email: null,
        phone: null,
        tags: [],
        notes: '',
        createdAt: at,
        updatedAt: at,
        ...fields,
      }),
    );
  },

  async order(
    ds: DataSource,
    customerId: number,
    placedAt: Date,
    totalMinor: number,
    names: string[] = [],
  ): Promise<Order> {
    // with its 12-month spend, as the product writes an order
    return ds.transaction(async (m) => {
      const repo = m.getRepository(Order);
      const order = await repo.save(
        repo.create({
          externalId: `o-${customerId}-${placedAt.getTime()}-${Math.random().toString(36).slice(2, 8)}`,
          customerId,
          placedAt,
          totalMinor,
          currency: 'EUR',
          lines: names.map((name) => ({ sku: name.toLowerCase().replace(/\W+/g, '-'), name, quantity: 1 })),
          createdAt: placedAt,
        }),
      );
      await applySpendChanges(m, orderSpendChanges(null, order));
      return order;
    });
  },

  async task(
    ds: DataSource,
    at: Date,
    fields: Partial<Task> & { customerId: number; dueDay: string },
  ): Promise<Task> {
    const repo = ds.getRepository(Task);
    return repo.save(
      repo.create({
        kind: 'call',
        title: 'Call',
        reason: '',
        talkingPoints: '',
        priority: 0,
        status: 'open',
        assigneeId: null,
        createdAt: at,
        updatedAt: at,
        ...fields,
      }),
    );
  },

  async contact(
    ds: DataSource,
    customerId: number,
    occurredAt: Date,
    kind = 'email',
    summary = '',
  ): Promise<void> {
    await ds.getRepository(ContactEvent).insert({ customerId, occurredAt, direction: 'out', kind, summary });
  },
};
