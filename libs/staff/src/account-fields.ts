import { ApiToken, User } from '@touchbase/store';
import {
  FieldProblem,
  isEmailAddress,
  isValidTimezone,
  LOCALES,
  USER_ROLES,
  UserRole,
} from '@touchbase/core';
import { AvailabilityChanges } from './availability';
import type { UserIdentity } from './principal';
import { parseWorkingDays } from './task-outcomes';

/**
 * Accounts as the API takes them (NewUser, UserChanges, checked by validateAccount) and shows
 * them (userView, tokenView: never a password or token hash). AccountsService does the work.
 */
export interface NewUser {
  email: string;
  name: string;
  role: string;
  password?: string;
  locale?: string;
  timezone?: string | null;
  digestTime?: string | null;
}

export interface UserChanges extends AvailabilityChanges {
  name?: string;
  email?: string;
  role?: string;
  active?: boolean;
  locale?: string;
  timezone?: string | null;
  digestTime?: string | null;
  password?: string;
}

/** What the API shows of a user (never the password hash). */
export interface UserView extends UserIdentity {
  digestTime: string | null;
  active: boolean;
  /** ISO weekdays they work (1 = Monday); no tasks are assigned on other days. */
  workingDays: number[];
  awayFrom: string | null;
  awayUntil: string | null;
  /** Who takes their tasks while they are off. */
  coverUserId: number | null;
  /** A generated or owner-set password not yet replaced (only the account and sign-out are open). */
  mustChangePassword: boolean;
  createdAt: string;
}

/** What anyone sees of an API token: never the token or its hash. */
export interface TokenView {
  id: number;
  userId: number;
  name: string;
  createdAt: string;
  lastUsedAt: string | null;
}

export function tokenView(t: ApiToken): TokenView {
  return {
    id: t.id,
    userId: t.userId,
    name: t.name,
    createdAt: t.createdAt.toISOString(),
    lastUsedAt: t.lastUsedAt?.toISOString() ?? null,
  };
}

/** A stored user's identity (UserIdentity), as the caller and the API's views carry it. */
export function userIdentity(u: User): UserIdentity {
  return {
    id: u.id,
    email: u.email,
    name: u.name,
    role: u.role as UserRole,
    locale: u.locale,
    timezone: u.timezone,
  };
}

export function userView(u: User): UserView {
  return {
    ...userIdentity(u),
    digestTime: u.digestTime,
    active: Boolean(u.active),
    workingDays: parseWorkingDays(u.workingDays),
    awayFrom: u.awayFrom,
    awayUntil: u.awayUntil,
    coverUserId: u.coverUserId,
    mustChangePassword: Boolean(u.mustChangePassword),
    createdAt: u.createdAt.toISOString(),
  };
}

const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;
export const MIN_PASSWORD_LENGTH = 10;

export function validateAccount(
  input: Partial<NewUser> & { active?: boolean },
  creating: boolean,
): FieldProblem[] {
  const p: FieldProblem[] = [];
  if (creating || input.email !== undefined) {
    if (typeof input.email !== 'string' || !isEmailAddress(input.email.trim()))
      p.push({ field: 'email', problem: 'must be an email address' });
  }
  if (creating || input.name !== undefined) {
    if (typeof input.name !== 'string' || !input.name.trim() || input.name.length > 200)
      p.push({ field: 'name', problem: 'must be 1 to 200 characters' });
  }
  if (creating || input.role !== undefined) {
    if (!USER_ROLES.includes(input.role as UserRole))
      p.push({ field: 'role', problem: `must be one of ${USER_ROLES.join(', ')}` });
  }
  if (
    input.password !== undefined &&
    (typeof input.password !== 'string' || input.password.length < MIN_PASSWORD_LENGTH)
  )
    p.push({ field: 'password', problem: `must be at least ${MIN_PASSWORD_LENGTH} characters` });
  if (input.locale !== undefined && !LOCALES.includes(input.locale as never))
    p.push({ field: 'locale', problem: `must be one of ${LOCALES.join(', ')}` });
  if (input.timezone != null && !isValidTimezone(input.timezone))
    p.push({ field: 'timezone', problem: 'must be an IANA timezone name such as Europe/Berlin' });
  if (input.digestTime != null && !HHMM.test(input.digestTime))
    p.push({ field: 'digestTime', problem: 'must be a time as HH:MM (24 h), or null for no digest' });
  return p;
}
