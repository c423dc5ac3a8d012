import type { Response } from 'express';
import { MAX_LIST_OFFSET } from '@touchbase/core';
import { CustomerFilter, CustomerListItem, CustomerListQuery, MAX_PAGE_SIZE } from '@touchbase/ingest';
import { CsvCell, toCsv } from '@touchbase/insights';

/**
 * The export's columns: the API's field names, so the file can be re-imported (docs/import.md;
 * the computed columns spend, orders and tier are ignored there).
 */
const HEADER = [
  'id',
  'externalId',
  'firstName',
  'lastName',
  'email',
  'phone',
  'street',
  'postcode',
  'city',
  'country',
  'birthday',
  'locale',
  'timezone',
  'tags',
  'emailConsent',
  'smsConsent',
  'preferredChannels',
  'lifetimeSpendMinor',
  'orderCount',
  'tier',
  'lastContactAt',
  'createdAt',
];

const pad = (n: number) => String(n).padStart(2, '0');

function row(c: CustomerListItem): CsvCell[] {
  // YYYY-MM-DD, or MM-DD without a year: both read back by the import
  const md = c.birthdayMonth ? `${pad(c.birthdayMonth)}-${pad(c.birthdayDay ?? 1)}` : '';
  const birthday = md && c.birthdayYear ? `${c.birthdayYear}-${md}` : md;
  return [
    c.id,
    c.externalId,
    c.firstName,
    c.lastName,
    c.email,
    c.phone,
    c.street,
    c.postcode,
    c.city,
    c.country,
    birthday,
    c.locale,
    c.timezone,
    c.tags.join(','),
    c.emailConsent,
    c.smsConsent,
    c.preferredChannels,
    c.spendMinor,
    c.orderCount,
    c.tier ?? '',
    c.lastContactAt?.toISOString() ?? '',
    c.createdAt.toISOString(),
  ];
}

/**
 * Streams the customers a filter selects as CSV (formula-escaped by toCsv), a page at a time so
 * memory stays flat; the same order as the list. Stops at MAX_LIST_OFFSET rows (filter to reach further).
 */
export async function sendCustomerCsv(
  list: CustomerListQuery,
  filter: CustomerFilter,
  res: Response,
  filename = 'customers.csv',
): Promise<void> {
  res.setHeader('content-type', 'text/csv; charset=utf-8');
  res.setHeader('content-disposition', `attachment; filename="${filename}"`);
  // a BOM so spreadsheet programs read the file as UTF-8
  res.write('\uFEFF' + toCsv(HEADER, []));
  for (let offset = 0; offset < MAX_LIST_OFFSET; offset += MAX_PAGE_SIZE) {
    const page = await list.page({ ...filter, limit: MAX_PAGE_SIZE, offset });
    if (page.items.length) res.write(toCsv(null, page.items.map(row)));
    if (offset + MAX_PAGE_SIZE >= page.total) break;
  }
  res.end();
}
