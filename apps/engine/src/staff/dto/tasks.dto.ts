import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateIf,
} from 'class-validator';
import { MAX_LIST_OFFSET, TASK_KINDS, TASK_STATUSES } from '@touchbase/core';
import { OUTCOMES } from '@touchbase/staff';

const DAY = /^\d{4}-\d{2}-\d{2}$/;

export class CreateTaskDto {
  @ApiProperty({ example: 42 })
  @IsInt()
  customerId: number;

  @ApiProperty({ enum: TASK_KINDS })
  @IsIn(TASK_KINDS)
  kind: string;

  @ApiProperty({ example: 'Call about the repair' })
  @IsString()
  @Length(1, 300)
  title: string;

  @ApiPropertyOptional({ example: 'Their espresso machine came back from repair' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  reason?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(4000)
  talkingPoints?: string;

  @ApiPropertyOptional({ example: '2026-06-15', description: 'Business-local day; default today' })
  @IsOptional()
  @Matches(DAY, { message: 'dueDay must be a date as YYYY-MM-DD' })
  dueDay?: string;

  @ApiPropertyOptional({ minimum: 0, maximum: 100, default: 0 })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(100)
  priority?: number;

  @ApiPropertyOptional({
    description: 'Owners: anyone (default: account owner or round-robin); staff: only themselves (default)',
  })
  @IsOptional()
  @IsInt()
  assigneeId?: number;
}

export class UpdateTaskDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(1, 300)
  title?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  reason?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(4000)
  talkingPoints?: string;

  @ApiPropertyOptional({ example: '2026-06-16' })
  @IsOptional()
  @Matches(DAY, { message: 'dueDay must be a date as YYYY-MM-DD' })
  dueDay?: string;

  @ApiPropertyOptional({ minimum: 0, maximum: 100 })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(100)
  priority?: number;

  @ApiPropertyOptional({ nullable: true, description: 'Owners only (staff get 400 naming the field)' })
  @IsOptional()
  @ValidateIf((_o, v) => v !== null)
  @IsInt()
  assigneeId?: number | null;

  @ApiPropertyOptional({ description: 'Refused: use /done, /snooze or /skip', deprecated: true })
  @IsOptional()
  status?: unknown;
}

export class DoneDto {
  @ApiProperty({
    enum: OUTCOMES,
    description:
      'Per kind — call: reached, voicemail, no_answer, wrong_number, not_wanted; card: card_sent; set_aside: picked_up, not_collected; reply: answered, no_reply_needed; other: done (left_message = voicemail, other = done still accepted)',
  })
  @IsIn(OUTCOMES)
  outcome: string;

  @ApiPropertyOptional({ example: 'Happy with the grinder; wants to hear about the new beans' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  note?: string;

  @ApiPropertyOptional({
    example: '2026-06-17',
    description:
      'no_answer / voicemail only: bring the task back on this day instead of after the retry interval',
  })
  @IsOptional()
  @Matches(DAY, { message: 'requeueOn must be a date as YYYY-MM-DD' })
  requeueOn?: string;
}

export class ReplyDto {
  @ApiProperty({
    example: 'Of course, Ada, we have put one aside for you until Saturday.',
    description:
      'The answer to send to the customer, by SMS or email as the reply came in (1–1600 characters)',
  })
  @IsString()
  @Length(1, 1600)
  text: string;
}

export class SnoozeDto {
  @ApiProperty({ example: '2026-06-20', description: 'The business-local day the task comes back' })
  @Matches(DAY, { message: 'until must be a date as YYYY-MM-DD' })
  until: string;
}

export class SkipDto {
  @ApiProperty({ example: 'Customer moved away' })
  @IsString()
  @Length(1, 2000)
  reason: string;
}

export class TodayQuery {
  @ApiPropertyOptional({ description: 'Owners only: whose list (default: your own)' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  assignee?: number;

  @ApiPropertyOptional({
    default: 50,
    maximum: 500,
    description: 'How many items in full; `total` counts them all',
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  limit?: number;
}

export class TaskListQuery {
  @ApiPropertyOptional({ enum: TASK_STATUSES, description: 'Default: open and snoozed' })
  @IsOptional()
  @IsIn(TASK_STATUSES)
  status?: string;

  @ApiPropertyOptional({ description: 'Owners: anyone; staff: only themselves' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  assignee?: number;

  @ApiPropertyOptional()
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  customer?: number;

  @ApiPropertyOptional({ default: 100, maximum: 500 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  limit?: number;

  @ApiPropertyOptional({ default: 0, maximum: MAX_LIST_OFFSET })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(MAX_LIST_OFFSET)
  offset?: number;
}

/** Owners give one or many tasks to someone (POST /api/tasks/reassign). */
export class ReassignDto {
  @ApiProperty({ type: [Number], example: [12, 13], description: '1 to 500 task ids' })
  @IsInt({ each: true })
  ids!: number[];

  @ApiProperty({
    nullable: true,
    example: 3,
    description:
      'An active user who is not in their away period today (else 400 naming assigneeId); null leaves the tasks unassigned',
  })
  @ValidateIf((_o, v) => v !== null)
  @IsInt()
  assigneeId!: number | null;
}

export class TeamListQuery {
  @ApiProperty({ enum: ['unassigned', 'overdue', 'person'], description: 'Which list' })
  @IsIn(['unassigned', 'overdue', 'person'])
  list!: 'unassigned' | 'overdue' | 'person';

  @ApiPropertyOptional({ description: 'The person, for list=person' })
  @ValidateIf((o: TeamListQuery) => o.list === 'person')
  @Type(() => Number)
  @IsInt()
  assignee?: number;
}

/** `ids=1,2,3` or `ids=1&ids=2` in a query string, as numbers (a bad one stays and is named by the service). */
const idsFromQuery = ({ value }: { value: unknown }) =>
  [value]
    .flat()
    .flatMap((v) => String(v).split(','))
    .filter((v) => v.trim() !== '')
    .map(Number);

export class CardPrintQuery {
  @ApiProperty({ example: '12,13', description: 'Card task ids, comma-separated (1 to 200)' })
  @Transform(idsFromQuery)
  @IsInt({ each: true })
  ids!: number[];

  @ApiPropertyOptional({ enum: ['3x7', '2x8', '2x4'], default: '3x7', description: 'A4 label sheet' })
  @IsOptional()
  @IsIn(['3x7', '2x8', '2x4'])
  layout?: string;

  @ApiPropertyOptional({ default: 1, description: 'First free label on the sheet (1 = top left)' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  start?: number;
}

export class CardsPrintedDto {
  @ApiProperty({ type: [Number], example: [12, 13], description: 'Card task ids (1 to 200)' })
  @IsInt({ each: true })
  ids!: number[];
}
