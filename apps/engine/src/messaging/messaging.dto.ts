import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, MaxLength, Min, MinLength } from 'class-validator';
import { LOCALES } from '@touchbase/core';

export class SaveTemplateDto {
  @ApiPropertyOptional({
    description: 'Email subject (Liquid); empty for SMS',
    example: 'Happy birthday, {{ customer.first_name }}!',
  })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  subject?: string;

  @ApiPropertyOptional({ description: 'Email HTML body (Liquid; every output is HTML-escaped)' })
  @IsOptional()
  @IsString()
  @MaxLength(50_000)
  html?: string;

  @ApiProperty({ description: 'Plain-text body (email text part, or the SMS)' })
  @IsString()
  @MaxLength(50_000)
  text: string;
}

export class RenameTemplateDto {
  @ApiProperty({ description: 'The new key (lower-case letters, digits, _ and -)', example: 'birthday_2027' })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  to: string;
}

export class PreviewTemplateDto {
  @ApiPropertyOptional({
    description: 'Render for this customer (their latest order and product); omitted → the sample customer',
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  customerId?: number;

  @ApiPropertyOptional({
    enum: LOCALES,
    description: "Locale to try first (else the customer's, then the business default)",
  })
  @IsOptional()
  @IsIn(LOCALES)
  locale?: string;
}

export class TestSendDto extends PreviewTemplateDto {
  @ApiProperty({
    description:
      'Email address, or phone number (international, or local in DEFAULT_PHONE_REGION; stored in E.164) to send the test to',
    example: 'owner@example.com',
  })
  @IsString()
  @MinLength(3)
  @MaxLength(320)
  to: string;
}
