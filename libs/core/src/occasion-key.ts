/**
 * Deterministic occasion keys (docs/architecture.md#invariants). A touch is unique per (rule,
 * customer, occasion key), so the same occasion evaluated twice, after a crash or by two instances,
 * yields one touch.
 */
export const occasionKey = {
  birthday: (year: number) => `birthday:${year}`,
  order: (orderId: number | string) => `order:${orderId}`,
  restock: (productId: number | string, restockId: number | string) => `restock:${productId}:${restockId}`,
  checkin: (localDate: string) => `checkin:${localDate}`,
  survey: (source: string, sourceId: number | string) => `survey:${source}:${sourceId}`,
};
