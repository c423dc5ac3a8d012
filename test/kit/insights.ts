import { DataSource } from 'typeorm';
import { ContactEvent, Customer, Rule, Task, Touch } from '@touchbase/store';

/** Small factories for the insights suites: rows straight in the store, as the engine writes them. */
export async function makeRule(ds: DataSource, at: Date, fields: Partial<Rule> = {}): Promise<Rule> {
  const repo = ds.getRepository(Rule);
  return repo.save(
    repo.create({
      name: 'Birthday emails',
      kind: 'birthday',
      params: {},
      channel: 'email',
      templateKey: 'birthday',
      audience: {},
      createdAt: at,
      updatedAt: at,
      ...fields,
    }),
  );
}

export async function makeCustomers(
  ds: DataSource,
  count: number,
  at: Date,
  fields: Partial<Customer> = {},
): Promise<Customer[]> {
  const repo = ds.getRepository(Customer);
  const rows = Array.from({ length: count }, (_, i) =>
    repo.create({
      firstName: `Customer${i}`,
      lastName: 'Test',
      email: `c${i}-${Math.random().toString(36).slice(2, 8)}@example.test`,
      emailConsent: true,
      createdAt: at,
      updatedAt: at,
      ...fields,
    }),
  );
  return repo.save(rows, { chunk: 200 });
}

export async function makeTouch(
  ds: DataSource,
  fields: Partial<Touch> & Pick<Touch, 'ruleId' | 'customerId' | 'dueAt' | 'status'>,
): Promise<Touch> {
  const repo = ds.getRepository(Touch);
  return repo.save(
    repo.create({
      occasionKey: `test:${fields.customerId}`,
      reason: '',
      channel: 'email',
      createdAt: fields.dueAt,
      updatedAt: fields.dueAt,
      ...fields,
    }),
  );
}

export { makeOrder } from './orders';

export async function makeTask(
  ds: DataSource,
  fields: Partial<Task> & Pick<Task, 'customerId'>,
  at: Date,
): Promise<Task> {
  const repo = ds.getRepository(Task);
  return repo.save(
    repo.create({
      kind: 'call',
      title: 'Call',
      dueDay: at.toISOString().slice(0, 10),
      status: 'open',
      createdAt: at,
      updatedAt: at,
      ...fields,
    }),
  );
}

export async function makeContactEvent(
  ds: DataSource,
  fields: Partial<ContactEvent> & Pick<ContactEvent, 'customerId' | 'occurredAt' | 'kind'>,
): Promise<ContactEvent> {
  const repo = ds.getRepository(ContactEvent);
  return repo.save(repo.create({ direction: 'in', summary: '', ...fields }));
}

export const DAY_MS = 86_400_000;
export const addDays = (d: Date, days: number): Date => new Date(d.getTime() + days * DAY_MS);
