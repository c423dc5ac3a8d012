import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, IsString, MaxLength } from 'class-validator';
import { TIER_BASES } from '@touchbase/store';

/**
 * A service tier (docs/ingest.md#service-tiers). The shape is checked here; ranges, the
 * thresholds an activity tier needs and the unique name are checked by TierService (400 naming
 * the field).
 */
export class TierDto {
  @ApiPropertyOptional({
    example: 'VIP',
    description: '1–50 characters, unique (case-insensitive); required on create',
  })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  name?: string;

  @ApiPropertyOptional({ example: 1, description: '1–100; 1 is the highest tier. Required on create' })
  @IsOptional()
  @IsInt()
  rank?: number;

  @ApiPropertyOptional({
    enum: TIER_BASES,
    description: 'manual: only set by hand; activity: computed from spend and/or order count over the window',
  })
  @IsOptional()
  @IsIn(TIER_BASES)
  basis?: (typeof TIER_BASES)[number];

  @ApiPropertyOptional({
    example: 50000,
    nullable: true,
    description:
      'activity: at least this spend in the window, business currency, minor units (50000 = 500.00 €)',
  })
  @IsOptional()
  @IsInt()
  minSpendMinor?: number | null;

  @ApiPropertyOptional({
    example: 5,
    nullable: true,
    description: 'activity: at least this many orders in the window',
  })
  @IsOptional()
  @IsInt()
  minOrders?: number | null;

  @ApiPropertyOptional({
    example: 365,
    description: 'activity: the window in days back (1–3650, default 365)',
  })
  @IsOptional()
  @IsInt()
  windowDays?: number;

  @ApiPropertyOptional({
    enum: ['all', 'any'],
    description: 'activity with both thresholds: all = both must be met, any = one is enough (default any)',
  })
  @IsOptional()
  @IsIn(['all', 'any'])
  match?: 'all' | 'any';
}
