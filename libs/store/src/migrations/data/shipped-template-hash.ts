import { createHash } from 'node:crypto';

/** A stored template's content as the migrations compare it. */
export interface TemplateTexts {
  subject: string;
  html: string;
  text: string;
}

/** One shipped template and the hashes of its earlier shipped versions. */
export interface ShippedTemplateUpgrade extends TemplateTexts {
  key: string;
  channel: string;
  locale: string;
  /** SHA-256 of every earlier shipped version (shippedTemplateHash). */
  earlier: string[];
}

/** SHA-256 over subject, html and text exactly as stored (no trimming, no normalising). */
export function shippedTemplateHash(t: TemplateTexts): string {
  return createHash('sha256')
    .update(JSON.stringify([t.subject, t.html, t.text]))
    .digest('hex');
}
