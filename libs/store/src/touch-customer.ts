import type { TouchContext } from '@touchbase/core';
import type { Customer } from './entities';

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
