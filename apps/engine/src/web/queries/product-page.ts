import { Inject, Injectable, NotFoundException } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@touchbase/config';
import { currencyDigits, FieldProblem, NotFound, ValidationFailed } from '@touchbase/core';
import {
  CustomerService,
  LocalReading,
  Page,
  ProductService,
  WaitlistPlace,
  WaitlistService,
} from '@touchbase/ingest';
import { Product, SettingsService } from '@touchbase/store';
import { webLocale } from '../i18n';

export type Form = Record<string, string | undefined>;

/** What the product page shows: the edit form, the restock form, the waitlist and the counter's customer search. */
@Injectable()
export class ProductPageData {
  constructor(
    private readonly products: ProductService,
    private readonly waitlist: WaitlistService,
    private readonly customers: CustomerService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly ownerSettings: SettingsService,
  ) {}

  /** How a form in this language writes prices and numbers. */
  reading(locale: string): LocalReading {
    return { locale: webLocale(locale), zone: this.ownerSettings.get().timezone };
  }

  currency(): string {
    return this.config.business.currency;
  }

  async product(sku: string): Promise<Product> {
    try {
      return await this.products.get(sku);
    } catch (e) {
      if (e instanceof NotFound) throw new NotFoundException(`No product ${sku}`);
      throw e;
    }
  }

  /** The edit form's values for a stored product, the price written as the user's language writes it. */
  formOf(p: Product, locale: string): Form {
    return {
      sku: p.sku,
      name: p.name,
      price: p.priceMinor === null ? '' : priceText(p.priceMinor, p.currency ?? this.currency(), locale),
      currency: p.currency ?? this.currency(),
      stock: String(p.stock),
      url: p.url ?? '',
    };
  }

  async page(
    p: Product,
    locale: string,
    opts: { form?: Form; errors?: Record<string, FieldProblem>; q?: string; notice?: string | null } = {},
  ): Promise<Record<string, unknown> & { places: Page<WaitlistPlace> }> {
    const q = (opts.q ?? '').trim().slice(0, 200);
    return {
      title: p.name,
      product: p,
      form: opts.form ?? this.formOf(p, locale),
      errors: opts.errors ?? {},
      formCurrency: p.currency ?? this.currency(),
      places: await this.waitlist.places({ sku: p.sku, limit: 200 }),
      q,
      matches: q ? (await this.customers.list({ q, limit: 10 })).items.filter((c) => !c.erasedAt) : [],
      notice: opts.notice ?? null,
    };
  }
}

/** Field problems keyed by field, for `{{ errors.name | problem }}` beside each field. */
export function problemsByField(e: ValidationFailed): Record<string, FieldProblem> {
  return Object.fromEntries(e.fields.map((f) => [f.field === 'priceMinor' ? 'price' : f.field, f]));
}

/** 1290 EUR in German → "12,90" (no grouping, so it reads back exactly). */
export function priceText(minor: number, currency: string, locale: string): string {
  const d = currencyDigits(currency);
  return new Intl.NumberFormat(locale, {
    minimumFractionDigits: d,
    maximumFractionDigits: d,
    useGrouping: false,
  }).format(minor / 10 ** d);
}
