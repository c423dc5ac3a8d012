import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { Principal } from '@touchbase/staff';

/**
 * The signed-in caller, as the AuthGuard attached it to the request:
 *   handler(@CurrentUser() me: Principal)
 * Undefined on a @Public() route without credentials.
 */
export const CurrentUser = createParamDecorator(
  (_data: unknown, ctx: ExecutionContext): Principal | undefined => {
    return ctx.switchToHttp().getRequest().user;
  },
);

export type { Principal };
