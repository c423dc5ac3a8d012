import type { EntityManager } from 'typeorm';
import type { FieldProblem } from '@touchbase/core';
import type { WriteOutcome } from '../customer-writer';
import type { LocalReading } from '../normalize/local-reading';
import type { ImportKind } from './columns';
import { writeCustomerRows } from './customer-rows';
import { writeOrderRows, writeProductRows } from './order-product-rows';

/** One data row: its physical line in the file and its cells by field name (empty cells left out). */
export interface ImportRow {
  line: number;
  values: Record<string, string>;
  /** The row's cells as read, kept only while a bad-rows file is being written. */
  cells?: string[];
}

export interface RowResult {
  line: number;
  outcome?: WriteOutcome;
  problems?: FieldProblem[];
  warnings?: string[];
}

export interface WriterContext {
  now: Date;
  businessZone: string;
  phoneRegion: string;
  currency: string;
  secret: string;
  /** How the file's language writes dates, amounts and date-times (docs/import.md#locale). */
  reading?: LocalReading;
}

/**
 * Writes one batch of rows of a kind in the caller's transaction, in file order, with the
 * project's own statements (libs/store TableRows: prepared on SQLite, multi-row on PostgreSQL).
 */
export type BatchWriter = (m: EntityManager, rows: ImportRow[], ctx: WriterContext) => Promise<RowResult[]>;

export const BATCH_WRITERS: Record<ImportKind, BatchWriter> = {
  customers: (...a) => writeCustomerRows(...a),
  orders: (...a) => writeOrderRows(...a),
  products: (...a) => writeProductRows(...a),
};
