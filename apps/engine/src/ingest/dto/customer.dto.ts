import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsArray, IsBoolean, IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { MESSAGE_SCOPES } from '@touchbase/core';
import { LOGGED_CONTACT_KINDS, MAX_LOG_SUMMARY } from '@touchbase/staff';

/**
 * A customer as the API takes it. Types are checked here; the meaning (email, E.164 phone,
 * birthday, IANA zone, no control characters …) by the ingest normalizers, which name each bad
 * field. Omitted fields are left as they are on an update; null clears a field.
 */
export class CustomerDto {
  @ApiPropertyOptional({
    example: 'C-1001',
    description: 'The business’s own id; the key for upserts and re-imports',
  })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  externalId?: string | null;

  @ApiPropertyOptional({ example: 'Zoë' })
  @IsOptional()
  @IsString()
  @MaxLength(400)
  firstName?: string | null;

  @ApiPropertyOptional({ example: 'Łukasiewicz' })
  @IsOptional()
  @IsString()
  @MaxLength(400)
  lastName?: string | null;

  @ApiPropertyOptional({ example: 'zoe@example.com', description: 'Stored lower-cased' })
  @IsOptional()
  @IsString()
  @MaxLength(400)
  email?: string | null;

  @ApiPropertyOptional({
    example: '0151 12345678',
    description: 'Any format; stored in E.164, local numbers read in `country` or DEFAULT_PHONE_REGION',
  })
  @IsOptional()
  @IsString()
  @MaxLength(60)
  phone?: string | null;

  @ApiPropertyOptional({
    example: 'Hauptstraße 5',
    description: 'Postal address for cards: street and number',
  })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  street?: string | null;

  @ApiPropertyOptional({ example: '10115' })
  @IsOptional()
  @IsString()
  @MaxLength(20)
  postcode?: string | null;

  @ApiPropertyOptional({ example: 'Berlin' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  city?: string | null;

  @ApiPropertyOptional({
    example: 'DE',
    description: 'ISO 3166 country of the postal address; a local phone number is read in it too',
  })
  @IsOptional()
  @IsString()
  @MaxLength(2)
  country?: string | null;

  @ApiPropertyOptional({
    example: '1990-02-28',
    description: 'YYYY-MM-DD, or --MM-DD / MM-DD without a year',
  })
  @IsOptional()
  @IsString()
  @MaxLength(20)
  birthday?: string | null;

  @ApiPropertyOptional({ example: 'Europe/Berlin', description: 'IANA timezone; null → the business’s' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  timezone?: string | null;

  @ApiPropertyOptional({ enum: ['en', 'de', 'pl'] })
  @IsOptional()
  @IsString()
  @MaxLength(10)
  locale?: string | null;

  @ApiPropertyOptional({ example: ['email', 'sms'], description: 'Channel order to try' })
  @IsOptional()
  @IsArray()
  @IsString({ each: true })
  preferredChannels?: string[];

  @ApiPropertyOptional({ description: 'Email consent; when and how (source) are recorded' })
  @IsOptional()
  @IsBoolean()
  emailConsent?: boolean;

  @ApiPropertyOptional({ description: 'SMS consent; when and how (source) are recorded' })
  @IsOptional()
  @IsBoolean()
  smsConsent?: boolean;

  @ApiPropertyOptional({
    enum: MESSAGE_SCOPES,
    description:
      'What the customer gets by email while consent is on: every rule’s messages (all), or only birthday and personal messages (personal); recorded in the consent history with the caller and consentSource',
  })
  @IsOptional()
  @IsIn(MESSAGE_SCOPES)
  emailScope?: string;

  @ApiPropertyOptional({
    enum: MESSAGE_SCOPES,
    description: 'The same for SMS',
  })
  @IsOptional()
  @IsIn(MESSAGE_SCOPES)
  smsScope?: string;

  @ApiPropertyOptional({
    example: 'checkout',
    description:
      'How consent or a scope was given or changed (recorded with it and in the consent history, with the caller); default "api"',
  })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  consentSource?: string;

  @ApiPropertyOptional({ example: ['vip'] })
  @IsOptional()
  @IsArray()
  @IsString({ each: true })
  tags?: string[];

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(5000)
  notes?: string | null;

  @ApiPropertyOptional({
    example: 'VIP',
    nullable: true,
    description:
      'Owner only: set the service tier by hand (a tier’s name; recorded with the caller), or null to give it back to the daily computation. Absent leaves it. An unknown name is a 400 on field tier',
  })
  @IsOptional()
  @IsString()
  @MaxLength(50)
  tier?: string | null;
}

/** A call or note logged by hand on a customer. */
export class ContactLogDto {
  @ApiProperty({ enum: LOGGED_CONTACT_KINDS })
  @IsIn(LOGGED_CONTACT_KINDS)
  kind: string;

  @ApiPropertyOptional({ example: 'Asked about the new autumn collection', maxLength: MAX_LOG_SUMMARY })
  @IsOptional()
  @IsString()
  @MaxLength(MAX_LOG_SUMMARY * 2)
  summary?: string;
}
