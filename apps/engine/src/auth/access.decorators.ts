import { SetMetadata } from '@nestjs/common';
import type { UserRole } from '@touchbase/core';

/**
 * Every route states who may call it (see docs/staff.md#roles). The global AuthGuard reads these:
 * - @Public(): anyone (unsubscribe pages, Twilio webhooks (signature-checked), health, docs);
 * - @Roles('owner'): owners only; @Roles('owner', 'staff'): any signed-in user.
 * A route with neither is refused, so forgetting to decide fails closed.
 */
export const IS_PUBLIC = 'touchbase:public';
export const ROLES = 'touchbase:roles';

export const Public = () => SetMetadata(IS_PUBLIC, true);
export const Roles = (...roles: UserRole[]) => SetMetadata(ROLES, roles);
export const AnyUser = () => Roles('owner', 'staff');

/**
 * Routes a user whose password must be changed may still use: their account (to change it) and
 * sign-out. Every other route answers 403 (API) or redirects to /account?change=1 (pages) until
 * the password is changed (docs/security.md#passwords-that-must-be-changed).
 */
export const ALLOWED_BEFORE_PASSWORD_CHANGE = 'touchbase:allowed-before-password-change';
export const AllowedBeforePasswordChange = () => SetMetadata(ALLOWED_BEFORE_PASSWORD_CHANGE, true);
