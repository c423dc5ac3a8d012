import { Inject, Module, OnApplicationBootstrap } from '@nestjs/common';
import { AppConfig, APP_CONFIG } from '@touchbase/config';
import { Clock } from '@touchbase/core';
import { DemoDataService, IngestModule } from '@touchbase/ingest';
import { RulesModule } from '@touchbase/rules';
import { CustomersController } from './customers.controller';
import { OrdersController } from './orders.controller';
import { ProductsController } from './products.controller';
import { WaitlistController } from './waitlist.controller';
import { ImportsController } from './imports.controller';
import { InventoryWebhookController } from './inventory-webhook.controller';
import { InboundEmailController } from './inbound-email.controller';
import { WebhookSecretsController } from './webhook-secrets.controller';
import { ShopWebhooksController } from './shop-webhooks.controller';
import { StorefrontController } from './storefront.controller';
import { TiersController } from './tiers.controller';
import { TiersCron } from './tiers.cron';
import { UploadsModule } from '../http/uploads.module';

/**
 * HTTP side of the ingest area: the customers/orders/products/waitlist API, CSV uploads, GDPR,
 * the shop's inventory webhook, and the demo shop on the embedded default's first start.
 */
@Module({
  imports: [IngestModule, RulesModule, UploadsModule],
  controllers: [
    CustomersController,
    OrdersController,
    ProductsController,
    WaitlistController,
    ImportsController,
    InventoryWebhookController,
    InboundEmailController,
    WebhookSecretsController,
    ShopWebhooksController,
    StorefrontController,
    TiersController,
  ],
  providers: [TiersCron],
})
export class IngestHttpModule implements OnApplicationBootstrap {
  constructor(
    private readonly demo: DemoDataService,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** DEMO_DATA (default on the embedded SQLite store): fill an empty store with the demo shop. */
  async onApplicationBootstrap(): Promise<void> {
    if (this.config.demoData) await this.demo.seedIfEmpty(this.clock.now());
  }
}
