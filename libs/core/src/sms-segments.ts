import { SegmentedMessage } from 'sms-segments-calculator';

export type SmsEncoding = 'GSM-7' | 'UCS-2';

/** How an SMS text travels: its encoding, how many parts it is billed as, and the room left. */
export interface SmsSegments {
  encoding: SmsEncoding;
  /** Billed parts (0 for an empty text). */
  segments: number;
  /** Length in the encoding's units: GSM-7 septets (an extension character such as € counts 2) or UCS-2 code units. */
  units: number;
  /** Units one part holds: GSM-7 160 alone, 153 in a longer message; UCS-2 70 / 67. */
  perSegment: number;
  /** Units still free before one more part is needed. */
  left: number;
}

const PER_SEGMENT: Record<SmsEncoding, { single: number; multi: number; bits: number }> = {
  'GSM-7': { single: 160, multi: 153, bits: 7 },
  'UCS-2': { single: 70, multi: 67, bits: 16 },
};

/**
 * The GSM 03.38 segmenting rule (docs/delivery.md#sms-length), by Twilio's sms-segments-calculator:
 * text made only of GSM-7 characters is sent in 7-bit units (extension characters like € [ ] { }
 * take two), anything else (ą, ż, emoji) turns the whole message into UCS-2. A single part holds
 * 160 / 70 units; a longer message carries a header in each part, leaving 153 / 67.
 */
export function smsSegments(text: string): SmsSegments {
  if (!text) return { encoding: 'GSM-7', segments: 0, units: 0, perSegment: 160, left: 160 };
  const m = new SegmentedMessage(text, 'auto');
  const encoding = m.encodingName;
  const rule = PER_SEGMENT[encoding];
  const units = Math.round(m.messageSize / rule.bits);
  const segments = m.segmentsCount;
  const perSegment = segments > 1 ? rule.multi : rule.single;
  return { encoding, segments, units, perSegment, left: Math.max(0, perSegment * segments - units) };
}
