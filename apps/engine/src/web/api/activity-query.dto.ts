import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString } from 'class-validator';
import {
  ACTIVITY_CHANNELS,
  ACTIVITY_STATUSES,
  DEFAULT_ACTIVITY_LIMIT,
  MAX_ACTIVITY_LIMIT,
  SECTION_NAMES,
} from '../queries/activity-filter';

/**
 * GET /api/activity's filter, the same as the page's URL. The fields are read as text here and
 * checked by parseActivityFilter, which names each bad field (400).
 */
export class ActivityQueryDto {
  @ApiPropertyOptional({
    enum: SECTION_NAMES,
    description: 'Only this section, paged by offset/limit; without it the first rows of every section',
  })
  @IsOptional()
  @IsString()
  section?: string;

  @ApiPropertyOptional({ description: 'Only touches and messages of this rule (id)', example: 3 })
  @IsOptional()
  @IsString()
  rule?: string;

  @ApiPropertyOptional({ enum: ACTIVITY_CHANNELS })
  @IsOptional()
  @IsString()
  channel?: string;

  @ApiPropertyOptional({ enum: ACTIVITY_STATUSES })
  @IsOptional()
  @IsString()
  status?: string;

  @ApiPropertyOptional({
    description: 'From this local day (YYYY-MM-DD) in the business time zone',
    example: '2026-06-01',
  })
  @IsOptional()
  @IsString()
  from?: string;

  @ApiPropertyOptional({
    description: 'Up to and including this local day (YYYY-MM-DD) in the business time zone',
    example: '2026-06-30',
  })
  @IsOptional()
  @IsString()
  to?: string;

  @ApiPropertyOptional({ description: 'Customer search: name, email or phone (digits)' })
  @IsOptional()
  @IsString()
  q?: string;

  @ApiPropertyOptional({ default: 0, description: 'Rows to skip in the chosen section' })
  @IsOptional()
  @IsString()
  offset?: string;

  @ApiPropertyOptional({ default: DEFAULT_ACTIVITY_LIMIT, maximum: MAX_ACTIVITY_LIMIT })
  @IsOptional()
  @IsString()
  limit?: string;
}
