import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';

export class WebhookSecretDto {
  @ApiPropertyOptional({
    description: 'The secret the shop signs with (Shopify/WooCommerce show it); omit to have one generated',
    example: '3f1c…',
  })
  @IsOptional()
  @IsString()
  @Matches(/^[\x21-\x7e]{16,200}$/, { message: 'secret must be 16–200 printable characters without spaces' })
  secret?: string;

  @ApiPropertyOptional({ description: 'How long the previous secret stays valid (default 24)', example: 24 })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(720)
  overlapHours?: number;
}
