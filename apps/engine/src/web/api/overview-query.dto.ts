import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString } from 'class-validator';
import { MAX_PERIOD_DAYS, OVERVIEW_PERIODS } from '../queries/overview-period';

/** The Overview's period; read as text and checked by overviewPeriod, which names each bad field (400). */
export class OverviewQueryDto {
  @ApiPropertyOptional({
    enum: OVERVIEW_PERIODS,
    default: 'this-week',
    description: 'Weeks start on Monday, in the business time zone; `custom` needs from and to',
  })
  @IsOptional()
  @IsString()
  period?: string;

  @ApiPropertyOptional({ description: 'custom: first local day (YYYY-MM-DD)', example: '2026-06-01' })
  @IsOptional()
  @IsString()
  from?: string;

  @ApiPropertyOptional({
    description: `custom: last local day, included (YYYY-MM-DD); at most ${MAX_PERIOD_DAYS} days after from`,
    example: '2026-06-30',
  })
  @IsOptional()
  @IsString()
  to?: string;
}
