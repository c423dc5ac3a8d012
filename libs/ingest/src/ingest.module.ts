import { Module } from '@nestjs/common';
import { CustomerService } from './customer.service';
import { CustomerListQuery } from './customer-list.query';
import { OrderService } from './order.service';
import { ProductService } from './product.service';
import { WaitlistService } from './waitlist.service';
import { CsvImportService } from './csv/csv-import.service';
import { ImportHistoryService } from './csv/import-history.service';
import { ImportJobsService } from './csv/import-jobs.service';
import { GdprService } from './gdpr.service';
import { DemoDataService } from './demo/demo-data.service';
import {
  InboundEmailService,
  InventoryWebhookService,
  WebhookReceiver,
  WebhookSecretsService,
} from './webhooks';
import { ShopifyWebhookService, WooCommerceWebhookService } from './shops';
import { NotifyMeService, StorefrontSettingsService } from './storefront';
import { TierService } from './tiers';

const SERVICES = [
  CustomerService,
  CustomerListQuery,
  OrderService,
  ProductService,
  WaitlistService,
  CsvImportService,
  ImportHistoryService,
  ImportJobsService,
  GdprService,
  DemoDataService,
  WebhookSecretsService,
  WebhookReceiver,
  InventoryWebhookService,
  InboundEmailService,
  ShopifyWebhookService,
  WooCommerceWebhookService,
  NotifyMeService,
  StorefrontSettingsService,
  TierService,
];

/**
 * Ingestion: customers, orders, products, waitlists, CSV import, GDPR and the demo shop.
 * Repositories, Clock and APP_CONFIG come from the global PlatformModule.
 */
@Module({ providers: SERVICES, exports: SERVICES })
export class IngestModule {}
