import { Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { StaffModule } from '@touchbase/staff';
import { AuthGuard } from '../auth/auth.guard';
import { SignInRedirectFilter } from '../auth/sign-in-redirect';
import { AuthController } from './auth.controller';
import { DigestCron } from './digest.cron';
import { FirstOwner } from './first-owner';
import { MeController } from './me.controller';
import { PasswordResetController } from './password-reset.controller';
import { TasksController } from './tasks.controller';
import { TeamController } from './team.controller';
import { CardPrintController } from './card-print.controller';
import { UsersController } from './users.controller';

/**
 * HTTP side of the staff area: the global AuthGuard (every route of every area), accounts,
 * tasks and the daily list, the first-owner bootstrap and the digest trigger.
 */
@Module({
  imports: [StaffModule],
  controllers: [
    AuthController,
    PasswordResetController,
    MeController,
    UsersController,
    TasksController,
    TeamController,
    CardPrintController,
  ],
  providers: [
    { provide: APP_GUARD, useClass: AuthGuard },
    { provide: APP_FILTER, useClass: SignInRedirectFilter },
    FirstOwner,
    DigestCron,
  ],
})
export class StaffHttpModule {}
