import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { Locale, LOCALES, MAX_LIST_OFFSET } from '@touchbase/core';
import { CONSENT_FILTERS, CUSTOMER_SORTS, CustomerSort, Encoding, ENCODINGS } from '@touchbase/ingest';
import { IsBoolean, IsIn, IsInt, IsNumber, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';

export class PageQueryDto {
  @ApiPropertyOptional({ default: 50, maximum: 200 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;

  @ApiPropertyOptional({ default: 0, maximum: MAX_LIST_OFFSET })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(MAX_LIST_OFFSET)
  offset?: number;

  @ApiPropertyOptional({ description: 'Search text' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  q?: string;
}

export class OrderQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: 'Only this customer’s orders' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  customerId?: number;
}

export class ProductQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: 'Only products with stock ≤ 0' })
  @IsOptional()
  @Transform(({ value }) => value === true || value === 'true' || value === '1')
  @IsBoolean()
  outOfStock?: boolean;
}

export class WaitlistQueryDto extends PageQueryDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(100)
  sku?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  customerId?: number;

  @ApiPropertyOptional({ enum: ['waiting', 'notified', 'removed'] })
  @IsOptional()
  @IsIn(['waiting', 'notified', 'removed'])
  status?: string;
}

export class WaitlistPlacesQueryDto extends PageQueryDto {
  @ApiPropertyOptional({
    description: 'Only this product’s line; without it, every product’s (by product name)',
  })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  sku?: string;
}

export class RestockPreviewQueryDto {
  @ApiProperty({ example: 5, description: 'The stock level you are about to set' })
  @Type(() => Number)
  @IsInt()
  @Min(-1_000_000)
  @Max(1_000_000_000)
  stock: number;
}

export class ImportQueryDto {
  @ApiPropertyOptional({ description: 'Report what would happen; write nothing' })
  @IsOptional()
  @Transform(({ value }) => value === true || value === 'true' || value === '1')
  @IsBoolean()
  dryRun?: boolean;

  @ApiPropertyOptional({
    description: 'Apply the good rows even if some are bad (default: any bad row → nothing written)',
  })
  @IsOptional()
  @Transform(({ value }) => value === true || value === 'true' || value === '1')
  @IsBoolean()
  skipBadRows?: boolean;

  @ApiPropertyOptional({
    enum: LOCALES,
    description: "The file's language (dates, amounts, yes/no); default DEFAULT_LOCALE",
  })
  @IsOptional()
  @IsIn(LOCALES)
  locale?: Locale;

  @ApiPropertyOptional({ enum: ENCODINGS, description: 'The file encoding when detection cannot tell' })
  @IsOptional()
  @IsIn(ENCODINGS)
  encoding?: Encoding;

  @ApiPropertyOptional({
    description:
      'Column mapping as JSON: {"SMS erlaubt":"smsConsent","Shoe size":null} (see docs/import.md#mapping)',
  })
  @IsOptional()
  @IsString()
  @MaxLength(20_000)
  mapping?: string;
}

const toNumber = ({ value }: { value: unknown }) =>
  value === '' || value === undefined ? undefined : Number(value);

/** The customer list's filters and sort (docs/ingest.md#customers-api). */
export class CustomerQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: 'Only customers with this tag' })
  @IsOptional()
  @IsString()
  @MaxLength(50)
  tag?: string;

  @ApiPropertyOptional({ enum: CONSENT_FILTERS, description: 'email / sms: has that consent; none: neither' })
  @IsOptional()
  @IsIn(CONSENT_FILTERS)
  consent?: (typeof CONSENT_FILTERS)[number];

  @ApiPropertyOptional({ minimum: 1, maximum: 12, description: 'Birthday in this month' })
  @IsOptional()
  @Transform(toNumber)
  @IsInt()
  @Min(1)
  @Max(12)
  birthdayMonth?: number;

  @ApiPropertyOptional({
    example: 'VIP',
    description: 'Customers holding this service tier (its name), or none',
  })
  @IsOptional()
  @IsString()
  @MaxLength(50)
  tier?: string;

  @ApiPropertyOptional({ description: 'Lifetime spend at least this much (business currency, e.g. 100.50)' })
  @IsOptional()
  @Transform(toNumber)
  @IsNumber()
  @Min(0)
  spendFrom?: number;

  @ApiPropertyOptional({ description: 'Lifetime spend at most this much (business currency)' })
  @IsOptional()
  @Transform(toNumber)
  @IsNumber()
  @Min(0)
  spendTo?: number;

  @ApiPropertyOptional({ description: 'Last contact (call, card, message, note …) within N days' })
  @IsOptional()
  @Transform(toNumber)
  @IsInt()
  @Min(0)
  @Max(36500)
  contactWithinDays?: number;

  @ApiPropertyOptional({ description: 'No contact for at least N days (never contacted included)' })
  @IsOptional()
  @Transform(toNumber)
  @IsInt()
  @Min(0)
  @Max(36500)
  noContactDays?: number;

  @ApiPropertyOptional({ enum: CUSTOMER_SORTS, description: 'Default: id' })
  @IsOptional()
  @IsIn(CUSTOMER_SORTS)
  sort?: CustomerSort;

  @ApiPropertyOptional({ enum: ['asc', 'desc'] })
  @IsOptional()
  @IsIn(['asc', 'desc'])
  dir?: 'asc' | 'desc';
}
