import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsInt,
  Max,
  Min,
  IsBoolean,
  IsIn,
  IsOptional,
  IsString,
  Length,
  Matches,
  MinLength,
  ValidateIf,
} from 'class-validator';
import { LOCALES, USER_ROLES } from '@touchbase/core';
import { IsEmailAddress } from '../../http/field-checks';

const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;

export class LoginDto {
  @ApiProperty({ example: 'owner@localhost' })
  @IsString()
  @Length(1, 320)
  email: string;

  @ApiProperty()
  @IsString()
  @Length(1, 1000)
  password: string;
}

export class CreateUserDto {
  @ApiProperty({ example: 'anna@shop.example' })
  @IsEmailAddress()
  email: string;

  @ApiProperty({ example: 'Anna' })
  @IsString()
  @Length(1, 200)
  name: string;

  @ApiProperty({ enum: USER_ROLES })
  @IsIn(USER_ROLES)
  role: string;

  @ApiPropertyOptional({
    description: 'At least 10 characters; omitted → one is generated and returned once',
  })
  @IsOptional()
  @IsString()
  @MinLength(10)
  password?: string;

  @ApiPropertyOptional({ enum: LOCALES })
  @IsOptional()
  @IsIn(LOCALES)
  locale?: string;

  @ApiPropertyOptional({ example: 'Europe/Berlin', nullable: true })
  @IsOptional()
  @IsString()
  timezone?: string | null;

  @ApiPropertyOptional({
    example: '08:00',
    nullable: true,
    description: 'Local time of the morning digest; null → none',
  })
  @IsOptional()
  @ValidateIf((_o, v) => v !== null)
  @Matches(HHMM, { message: 'digestTime must be a time as HH:MM (24 h)' })
  digestTime?: string | null;
}

/** Owners change users with this. */
export class UpdateUserDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(1, 200)
  name?: string;

  @ApiPropertyOptional({ example: 'anna@shop.example', description: 'The sign-in email; unique' })
  @IsOptional()
  @IsEmailAddress()
  @Length(3, 320)
  email?: string;

  @ApiPropertyOptional({ enum: USER_ROLES })
  @IsOptional()
  @IsIn(USER_ROLES)
  role?: string;

  @ApiPropertyOptional({
    description: 'false deactivates: sessions end, tokens stop working, open tasks are unassigned',
  })
  @IsOptional()
  @IsBoolean()
  active?: boolean;

  @ApiPropertyOptional({ enum: LOCALES })
  @IsOptional()
  @IsIn(LOCALES)
  locale?: string;

  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @IsString()
  timezone?: string | null;

  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @ValidateIf((_o, v) => v !== null)
  @Matches(HHMM, { message: 'digestTime must be a time as HH:MM (24 h)' })
  digestTime?: string | null;

  @ApiPropertyOptional({
    description:
      'A new password for the user (at least 10 characters): their sessions and API tokens end, and ' +
      'they must change it at their next sign-in (unless you set your own)',
  })
  @IsOptional()
  @IsString()
  @MinLength(10)
  password?: string;

  @ApiPropertyOptional({
    type: [Number],
    example: [1, 2, 3, 4, 5],
    description:
      'ISO weekdays the person works (1 = Monday … 7 = Sunday); no tasks are assigned on other days',
  })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(7)
  @IsInt({ each: true })
  @Min(1, { each: true })
  @Max(7, { each: true })
  workingDays?: number[];

  @ApiPropertyOptional({ example: '2026-08-03', nullable: true, description: 'First day away (holiday)' })
  @IsOptional()
  @ValidateIf((_o, v) => v !== null)
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'awayFrom must be a day as YYYY-MM-DD' })
  awayFrom?: string | null;

  @ApiPropertyOptional({ example: '2026-08-14', nullable: true, description: 'Last day away (included)' })
  @IsOptional()
  @ValidateIf((_o, v) => v !== null)
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'awayUntil must be a day as YYYY-MM-DD' })
  awayUntil?: string | null;

  @ApiPropertyOptional({
    nullable: true,
    description: 'Holiday cover: the active user who gets their customers’ tasks while they are off',
  })
  @IsOptional()
  @ValidateIf((_o, v) => v !== null)
  @IsInt()
  coverUserId?: number | null;
}

/**
 * What a user may change about themselves. `role` and `active` are listed only so the answer
 * can say why they are refused (400 naming the field).
 */
export class UpdateMeDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(1, 200)
  name?: string;

  @ApiPropertyOptional({ enum: LOCALES })
  @IsOptional()
  @IsIn(LOCALES)
  locale?: string;

  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @IsString()
  timezone?: string | null;

  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @ValidateIf((_o, v) => v !== null)
  @Matches(HHMM, { message: 'digestTime must be a time as HH:MM (24 h)' })
  digestTime?: string | null;

  @ApiPropertyOptional({
    description: 'New password (at least 10 characters); needs currentPassword; ends your other sessions',
  })
  @IsOptional()
  @IsString()
  @MinLength(10)
  password?: string;

  @ApiPropertyOptional({ description: 'Your current password, required with password' })
  @IsOptional()
  @IsString()
  @Length(1, 1000)
  currentPassword?: string;

  @ApiPropertyOptional({
    description: 'Refused: an owner changes roles with PATCH /api/users/:id',
    deprecated: true,
  })
  @IsOptional()
  role?: unknown;

  @ApiPropertyOptional({
    description: 'Refused: an owner deactivates users with PATCH /api/users/:id',
    deprecated: true,
  })
  @IsOptional()
  active?: unknown;
}

export class NewTokenDto {
  @ApiPropertyOptional({ example: 'nightly import script' })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  name?: string;
}

export class PasswordResetRequestDto {
  @ApiProperty({ example: 'anna@shop.example', description: 'The email the user signs in with' })
  @IsString()
  @Length(1, 320)
  email: string;
}

export class PasswordResetCompleteDto {
  @ApiProperty({ description: 'The token from the reset link (/reset/<token>), 64 hex characters' })
  @IsString()
  @Matches(/^[0-9a-f]{64}$/, { message: 'token must be the 64 hex characters from the reset link' })
  token: string;

  @ApiProperty({ description: 'The new password, 10 to 1,000 characters' })
  @IsString()
  @Length(10, 1000)
  password: string;
}
