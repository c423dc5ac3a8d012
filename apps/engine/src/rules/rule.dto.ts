import { MAX_LIST_OFFSET } from '@touchbase/core';
import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';
import { ACTION_CHANNELS, RULE_KINDS } from '@touchbase/core';

/** A rule as the API takes it. Kind parameters are checked per kind by the rules service. */
export class CreateRuleDto {
  @ApiProperty({ example: 'Birthday email' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name: string;

  @ApiProperty({
    enum: RULE_KINDS,
    description:
      'birthday | big_purchase_thanks | top_customer_checkin | back_in_stock (more kinds may be registered)',
  })
  @IsString()
  kind: string;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    example: { days_before: 0, send_time: '09:00', feb29: 'feb28' },
    description: 'Per kind: see docs/rules-and-scheduler.md',
  })
  @IsOptional()
  @IsObject()
  params?: Record<string, unknown>;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: { type: 'string' },
    example: { en: 'your birthday greeting', de: 'Ihr Geburtstagsgruß', pl: 'życzenia urodzinowe' },
    description: 'What customers see for this rule, per locale (en, de, pl); the name stays internal',
  })
  @IsOptional()
  @IsObject()
  publicLabel?: Record<string, string>;

  @ApiPropertyOptional({ enum: ACTION_CHANNELS, default: 'email' })
  @IsOptional()
  @IsIn(ACTION_CHANNELS)
  channel?: string;

  @ApiPropertyOptional({ example: 'birthday', description: 'Template key (defaults to the kind)' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  templateKey?: string;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    example: {
      tags: ['vip'],
      minLifetimeSpendMinor: 10000,
      hasPurchased: true,
      locales: ['en', 'de'],
      tiers: ['VIP'],
    },
    description:
      'Who the rule may reach (all given filters must hold): tags (any of), minLifetimeSpendMinor, hasPurchased, locales (any of), tiers (service tier names, any of; each must name an existing tier, else 400 on audience.tiers)',
  })
  @IsOptional()
  @IsObject()
  audience?: Record<string, unknown>;

  @ApiPropertyOptional({ default: 0, description: 'Higher goes first when the contact budget is tight' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(-1000)
  @Max(1000)
  priority?: number;

  @ApiPropertyOptional({
    description: 'Transactional touches do not use the contact budget (default: true for back_in_stock)',
  })
  @IsOptional()
  @IsBoolean()
  transactional?: boolean;

  @ApiPropertyOptional({
    default: 1440,
    description:
      'Minutes after an occasion is due in which it may still be sent; later it is recorded as missed',
  })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(10_080)
  gracePeriodMinutes?: number;

  @ApiPropertyOptional({ default: 0, minimum: 0, maximum: 50 })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(50)
  holdoutPercent?: number;

  @ApiPropertyOptional({ default: true })
  @IsOptional()
  @IsBoolean()
  enabled?: boolean;
}

export class UpdateRuleDto extends PartialType(CreateRuleDto) {}

export class PreviewQueryDto {
  @ApiPropertyOptional({ default: 7, minimum: 1, maximum: 60 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(60)
  days?: number;

  @ApiPropertyOptional({
    description: 'ISO instant to preview from (default: now)',
    example: '2026-06-15T08:00:00Z',
  })
  @IsOptional()
  @IsString()
  at?: string;

  @ApiPropertyOptional({ default: 500, minimum: 1, maximum: 5000, description: 'lines per page' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(5000)
  limit?: number;

  @ApiPropertyOptional({ default: 0, minimum: 0, description: 'lines to skip (`total` counts every line)' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(MAX_LIST_OFFSET)
  offset?: number;
}
