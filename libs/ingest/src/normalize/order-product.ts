import type { OrderLine } from '@touchbase/store';
import {
  decimalToMinor,
  normalizeCurrency,
  normalizeEmail,
  normalizeIdentifier,
  normalizeSingleLine,
  parseInstant,
  parseInteger,
} from './fields';
import { LocalReading, readDecimal, readInteger, readLocalInstant } from './local-reading';
import { Problems } from './problems';
import { problem } from './problem-texts';

export interface OrderLineInput {
  sku: string;
  name?: string;
  quantity?: number | string;
  unitPriceMinor?: number | string;
}

/** An order as it arrives. The customer is named by external id, email or internal id. */
export interface OrderInput {
  externalId?: string;
  customerExternalId?: string;
  customerEmail?: string;
  customerId?: number;
  /** ISO 8601 instant with an offset. */
  placedAt?: string;
  /** Either minor units (cents) … */
  totalMinor?: number | string;
  /** … or a decimal amount, converted exactly ("1234.50"). */
  total?: string | number;
  currency?: string;
  lines?: OrderLineInput[] | string;
}

export interface NormalizedOrder {
  externalId: string;
  customerRef: { externalId?: string; email?: string; id?: number };
  placedAt: Date;
  totalMinor: number;
  currency: string;
  lines: OrderLine[];
}

/**
 * Lines from a CSV cell: "SKU-1 x2; SKU-2" or "SKU-1:2|SKU-2:1" (quantity 1 when omitted).
 */
export function parseLinesCell(cell: string): OrderLineInput[] {
  return cell
    .split(/[;|]/)
    .map((s) => s.trim())
    .filter(Boolean)
    .map((part) => {
      const m = /^(.+?)\s*(?:[x×*:])\s*(\d+)$/i.exec(part);
      return m ? { sku: m[1].trim(), quantity: Number(m[2]) } : { sku: part, quantity: 1 };
    });
}

export function normalizeOrderInput(
  input: OrderInput,
  defaultCurrency: string,
  reading?: LocalReading,
): { order?: NormalizedOrder; problems: Problems } {
  const p = new Problems();
  const externalId =
    input.externalId === undefined
      ? (p.addCode('externalId', 'required'), undefined)
      : p.check('externalId', () => normalizeIdentifier(input.externalId!));
  const customerRef: NormalizedOrder['customerRef'] = {};
  if (input.customerExternalId)
    customerRef.externalId = p.check('customerExternalId', () =>
      normalizeIdentifier(input.customerExternalId!),
    );
  else if (input.customerEmail)
    customerRef.email = p.check('customerEmail', () => normalizeEmail(input.customerEmail!));
  else if (input.customerId !== undefined)
    customerRef.id = p.check('customerId', () => parseInteger(input.customerId!, 1));
  else p.addCode('customerExternalId', 'orderCustomer');

  const placedAt =
    input.placedAt === undefined
      ? (p.addCode('placedAt', 'required'), undefined)
      : p.check('placedAt', () =>
          parseInstant(reading ? readLocalInstant(input.placedAt!, reading) : input.placedAt!),
        );
  const currency = p.check('currency', () => normalizeCurrency(input.currency ?? defaultCurrency));
  let totalMinor: number | undefined;
  if (input.totalMinor !== undefined && input.totalMinor !== '')
    totalMinor = p.check('totalMinor', () => parseInteger(input.totalMinor!, 0));
  else if (input.total !== undefined && input.total !== '') {
    if (currency)
      totalMinor = p.check('total', () => {
        const v = decimalToMinor(
          reading ? readDecimal(input.total!, reading.locale) : input.total!,
          currency,
        );
        if (v < 0) throw problem('negative');
        return v;
      });
  } else p.addCode('total', 'orderTotal');

  const lines: OrderLine[] = [];
  const rawLines = typeof input.lines === 'string' ? parseLinesCell(input.lines) : (input.lines ?? []);
  if (!Array.isArray(rawLines)) p.addCode('lines', 'list');
  else
    rawLines.forEach((l, i) => {
      const f = `lines[${i}]`;
      const sku = p.check(`${f}.sku`, () => normalizeIdentifier(l?.sku ?? ''));
      const quantity = p.check(`${f}.quantity`, () => parseInteger(l?.quantity ?? 1, 1, 1_000_000));
      const line: OrderLine = { sku: sku ?? '', quantity: quantity ?? 1 };
      if (l?.name !== undefined) line.name = p.check(`${f}.name`, () => normalizeSingleLine(l.name!, 300));
      if (l?.unitPriceMinor !== undefined)
        line.unitPriceMinor = p.check(`${f}.unitPriceMinor`, () => parseInteger(l.unitPriceMinor!, 0));
      lines.push(line);
    });

  if (!p.ok) return { problems: p };
  return {
    order: {
      externalId: externalId!,
      customerRef,
      placedAt: placedAt!,
      totalMinor: totalMinor!,
      currency: currency!,
      lines,
    },
    problems: p,
  };
}

export interface ProductInput {
  sku?: string;
  name?: string;
  stock?: number | string;
  priceMinor?: number | string | null;
  /** A decimal price, converted exactly. */
  price?: string | number | null;
  currency?: string | null;
  url?: string | null;
}

export interface ProductPatch {
  sku?: string;
  name?: string;
  stock?: number;
  priceMinor?: number | null;
  currency?: string | null;
  url?: string | null;
}

export function normalizeProductInput(
  input: ProductInput,
  defaultCurrency: string,
  reading?: LocalReading,
): { patch: ProductPatch; problems: Problems } {
  const p = new Problems();
  const patch: ProductPatch = {};
  if (input.sku !== undefined) patch.sku = p.check('sku', () => normalizeIdentifier(input.sku!));
  if (input.name !== undefined)
    patch.name = p.check('name', () => {
      const n = normalizeSingleLine(input.name!, 300);
      if (!n) throw problem('empty');
      return n;
    });
  if (input.stock !== undefined && input.stock !== '')
    patch.stock = p.check('stock', () =>
      parseInteger(
        reading ? readInteger(input.stock!, reading.locale) : input.stock!,
        -1_000_000,
        1_000_000_000,
      ),
    );
  const hasPrice =
    (input.price !== undefined && input.price !== '') ||
    (input.priceMinor !== undefined && input.priceMinor !== '');
  if (input.currency !== undefined || hasPrice) {
    patch.currency =
      input.currency === null
        ? null
        : p.check('currency', () => normalizeCurrency(input.currency ?? defaultCurrency));
  }
  if (input.priceMinor === null || input.price === null) patch.priceMinor = null;
  else if (input.priceMinor !== undefined && input.priceMinor !== '')
    patch.priceMinor = p.check('priceMinor', () => parseInteger(input.priceMinor!, 0));
  else if (input.price !== undefined && input.price !== '' && patch.currency)
    patch.priceMinor = p.check('price', () => {
      const v = decimalToMinor(
        reading ? readDecimal(input.price!, reading.locale) : input.price!,
        patch.currency!,
      );
      if (v < 0) throw problem('negative');
      return v;
    });
  if (input.url !== undefined)
    patch.url =
      input.url === null || input.url === ''
        ? null
        : p.check('url', () => {
            const u = normalizeSingleLine(input.url!, 1000);
            if (!/^https?:\/\/\S+$/i.test(u)) throw problem('url');
            return u;
          });
  for (const k of Object.keys(patch) as (keyof ProductPatch)[]) if (patch[k] === undefined) delete patch[k];
  return { patch, problems: p };
}
