import {
  ColumnChoices,
  Encoding,
  ENCODINGS,
  IMPORT_KINDS,
  ImportKind,
  ImportPreview,
  ImportReport,
  knownColumns,
} from '@touchbase/ingest';
import { LOCALES, Locale } from '@touchbase/core';

/** The import pages' form fields, read and checked (anything unknown falls back to "automatic"). */
export interface ImportForm {
  kind: ImportKind;
  uploadId: string;
  fileName: string;
  locale?: Locale;
  encoding?: Encoding;
}

export function readImportForm(form: Record<string, string | undefined>): ImportForm {
  const kind = (IMPORT_KINDS as readonly string[]).includes(String(form.kind))
    ? (form.kind as ImportKind)
    : 'customers';
  return {
    kind,
    uploadId: String(form.uploadId ?? ''),
    fileName: String(form.fileName ?? 'upload.csv').slice(0, 300),
    locale: (LOCALES as readonly string[]).includes(String(form.locale))
      ? (form.locale as Locale)
      : undefined,
    encoding: (ENCODINGS as readonly string[]).includes(String(form.encoding))
      ? (form.encoding as Encoding)
      : undefined,
  };
}

/**
 * The mapping step's choices: `col_<i>` holds the field for the file's i-th column ('' = ignore),
 * `headers` the headers as the form showed them (JSON), so the choice is bound to the header.
 */
export function readColumnChoices(form: Record<string, string | undefined>): ColumnChoices {
  let headers: unknown;
  try {
    headers = JSON.parse(String(form.headers ?? '[]'));
  } catch {
    headers = [];
  }
  const choices: ColumnChoices = {};
  if (!Array.isArray(headers)) return choices;
  headers.forEach((h, i) => {
    const value = form[`col_${i}`];
    if (typeof h === 'string' && h && value !== undefined) choices[h] = value || null;
  });
  return choices;
}

/** What the mapping view needs: each column with its field, the first cells, and the choosable fields. */
export function mappingView(kind: ImportKind, preview: ImportPreview) {
  return {
    columns: preview.columns.map((c, i) => ({
      ...c,
      index: i,
      samples: preview.rows.map((r) => r[i] ?? '').filter((v) => v.trim() !== ''),
    })),
    headersJson: JSON.stringify(preview.header),
    fields: knownColumns(kind),
    delimiterKey: delimiterKey(preview.delimiter),
  };
}

/** The mapping a finished check used, to carry into the confirmation form. */
export function confirmView(report: ImportReport) {
  return {
    headersJson: JSON.stringify(report.columns.map((c) => c.header)),
    columns: report.columns.map((c, i) => ({ index: i, field: c.field ?? '' })),
    sampleFields: [...new Set(report.sample.flatMap((s) => Object.keys(s.values)))],
    delimiterKey: delimiterKey(report.delimiter),
  };
}

function delimiterKey(d: string): string {
  return d === ';' ? 'semicolon' : d === '\t' ? 'tab' : 'comma';
}
