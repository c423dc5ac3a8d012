import type { TouchContext } from '@touchbase/core';
import type { Customer } from './entities';

/** A customer's name as staff read it in task texts and messages: first and last, else "Customer <id>". */
export function customerName(c: Pick<Customer, 'id' | 'firstName' | 'lastName'>): string {
  return [c.firstName, c.lastName].filter(Boolean).join(' ') || `Customer ${c.id}`;
}

/** What templates and task texts see of a stored customer: the one mapping every path uses. */
export function touchCustomerOf(c: Customer): TouchContext['customer'] {
  return {
    id: c.id,
    firstName: c.firstName,
    lastName: c.lastName,
    email: c.email,
    phone: c.phone,
    locale: c.locale,
    timezone: c.timezone,
    birthdayYear: c.birthdayYear,
    birthdayMonth: c.birthdayMonth,
    birthdayDay: c.birthdayDay,
    tags: c.tags ?? [],
  };
}
