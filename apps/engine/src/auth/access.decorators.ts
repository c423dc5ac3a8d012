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
