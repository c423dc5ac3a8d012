import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCookieAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ProductService } from '@touchbase/ingest';
import { RestockReachService } from '@touchbase/rules';
import { AnyUser, Roles } from '../auth/access.decorators';
import { ProductDto, StockDto } from './dto/order-product.dto';
import { ProductQueryDto, RestockPreviewQueryDto } from './dto/paging.dto';

@ApiTags('products')
@ApiBearerAuth()
@ApiCookieAuth('tb_session')
@Controller('api/products')
export class ProductsController {
  constructor(
    private readonly products: ProductService,
    private readonly reach: RestockReachService,
  ) {}

  @Get()
  @AnyUser()
  @ApiOperation({ summary: 'A page of products by SKU; q searches name and SKU; outOfStock=true' })
  list(@Query() query: ProductQueryDto) {
    return this.products.list(query);
  }

  @Get(':sku')
  @AnyUser()
  @ApiOperation({ summary: 'One product' })
  get(@Param('sku') sku: string) {
    return this.products.get(sku);
  }

  @Get(':sku/restocks')
  @AnyUser()
  @ApiOperation({ summary: 'The product’s restock events (stock from ≤ 0 to > 0), newest first' })
  restocks(@Param('sku') sku: string) {
    return this.products.restocks(sku);
  }

  @Get(':sku/restock-preview')
  @AnyUser()
  @ApiOperation({
    summary:
      'What setting the stock to `stock` would do to the waitlist, before doing it: whether it is a restock (≤ 0 → > 0), how many customers wait, and how many the back-in-stock rules that are on will tell (per rule; audiences may narrow it). Changes nothing',
  })
  async restockPreview(@Param('sku') sku: string, @Query() query: RestockPreviewQueryDto) {
    const p = await this.products.get(sku);
    return this.reach.forChange(p.id, p.stock, query.stock);
  }

  @Post()
  @Roles('owner')
  @ApiOperation({ summary: 'Create a product' })
  create(@Body() body: ProductDto) {
    return this.products.create(body);
  }

  @Put(':sku')
  @Roles('owner')
  @ApiOperation({ summary: 'Upsert a product by SKU (a stock change from ≤ 0 to > 0 records a restock)' })
  upsert(@Param('sku') sku: string, @Body() body: ProductDto) {
    return this.products.upsertBySku(sku, body);
  }

  @Put(':sku/stock')
  @Roles('owner')
  @ApiOperation({
    summary: 'Set the stock level; from ≤ 0 to > 0 records a restock event in the same transaction',
  })
  stock(@Param('sku') sku: string, @Body() body: StockDto) {
    return this.products.setStock(sku, body.stock, 'api');
  }

  @Delete(':sku')
  @Roles('owner')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a product and its waitlist' })
  async remove(@Param('sku') sku: string) {
    await this.products.delete(sku);
  }
}
