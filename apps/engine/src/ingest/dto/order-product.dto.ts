import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsArray,
  IsInt,
  IsOptional,
  IsString,
  MaxLength,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';

export class OrderLineDto {
  @ApiProperty({ example: 'TEA-SENCHA' })
  @IsString()
  @MaxLength(100)
  sku: string;

  @ApiPropertyOptional({ example: 'Sencha green tea 100 g' })
  @IsOptional()
  @IsString()
  @MaxLength(300)
  name?: string;

  @ApiPropertyOptional({ default: 1 })
  @IsOptional()
  @IsInt()
  @Min(1)
  quantity?: number;

  @ApiPropertyOptional({ example: 1290 })
  @IsOptional()
  @IsInt()
  @Min(0)
  unitPriceMinor?: number;
}

export class OrderDto {
  @ApiPropertyOptional({ example: 'O-5001', description: 'Required on POST; taken from the path on PUT' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  externalId?: string;

  @ApiPropertyOptional({
    example: 'C-1001',
    description: 'The customer by external id (or customerEmail / customerId)',
  })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  customerExternalId?: string;

  @ApiPropertyOptional({ example: 'zoe@example.com' })
  @IsOptional()
  @IsString()
  @MaxLength(400)
  customerEmail?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsInt()
  @Min(1)
  customerId?: number;

  @ApiProperty({ example: '2026-06-14T15:20:00+02:00', description: 'ISO 8601 instant with an offset' })
  @IsString()
  @MaxLength(40)
  placedAt: string;

  @ApiPropertyOptional({ example: 104990, description: 'Total in minor units (cents); or give `total`' })
  @IsOptional()
  @IsInt()
  @Min(0)
  totalMinor?: number;

  @ApiPropertyOptional({ example: '1049.90', description: 'Total as a decimal string, converted exactly' })
  @ValidateIf((o: OrderDto) => o.totalMinor === undefined)
  @IsString()
  @MaxLength(30)
  total?: string;

  @ApiPropertyOptional({ example: 'EUR', description: 'ISO 4217; default BUSINESS_CURRENCY' })
  @IsOptional()
  @IsString()
  @MaxLength(3)
  currency?: string;

  @ApiPropertyOptional({ type: [OrderLineDto] })
  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => OrderLineDto)
  lines?: OrderLineDto[];
}

export class ProductDto {
  @ApiPropertyOptional({ example: 'TEA-SENCHA', description: 'Required on POST; taken from the path on PUT' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  sku?: string;

  @ApiPropertyOptional({ example: 'Sencha green tea 100 g', description: 'Required for a new product' })
  @IsOptional()
  @IsString()
  @MaxLength(300)
  name?: string;

  @ApiPropertyOptional({ example: 12 })
  @IsOptional()
  @IsInt()
  stock?: number;

  @ApiPropertyOptional({ example: 1290 })
  @IsOptional()
  @IsInt()
  @Min(0)
  priceMinor?: number;

  @ApiPropertyOptional({ example: '12.90', description: 'Price as a decimal string, converted exactly' })
  @IsOptional()
  @IsString()
  @MaxLength(30)
  price?: string;

  @ApiPropertyOptional({ example: 'EUR' })
  @IsOptional()
  @IsString()
  @MaxLength(3)
  currency?: string;

  @ApiPropertyOptional({ example: 'https://shop.example/sencha' })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  url?: string;
}

export class StockDto {
  @ApiProperty({ example: 5, description: 'The new stock level; from ≤ 0 to > 0 records a restock' })
  @IsInt()
  stock: number;
}

export class WaitlistDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsInt()
  @Min(1)
  customerId?: number;

  @ApiPropertyOptional({ example: 'C-1001' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  customerExternalId?: string;

  @ApiPropertyOptional({ example: 'TEA-MATCHA' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  sku?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsInt()
  @Min(1)
  productId?: number;
}
