import { Global, Module } from '@nestjs/common';
import { TaskAssigner } from '@touchbase/core';
import { AccountsService } from './accounts.service';
import { AuthService } from './auth.service';
import { DailyListService } from './daily-list.service';
import { ContactLogService } from './contact-log.service';
import { DigestService } from './digest.service';
import { OutcomesService } from './outcomes.service';
import { PasswordResetService } from './password-reset.service';
import { ReplyService } from './reply.service';
import { StaffTaskAssigner } from './task-assigner';
import { TasksService } from './tasks.service';
import { TeamService } from './team.service';
import { CardPrintService } from './card-print.service';

const SERVICES = [
  AccountsService,
  AuthService,
  PasswordResetService,
  TasksService,
  DailyListService,
  OutcomesService,
  ReplyService,
  DigestService,
  TeamService,
  CardPrintService,
  ContactLogService,
];

/**
 * The staff area's services, global so the rule engine gets the real TaskAssigner and the web
 * UI the AuthService / DailyListService without importing this module. Needs PlatformModule
 * (config, clock, store).
 */
@Global()
@Module({
  providers: [...SERVICES, StaffTaskAssigner, { provide: TaskAssigner, useExisting: StaffTaskAssigner }],
  exports: [...SERVICES, TaskAssigner],
})
export class StaffModule {}
