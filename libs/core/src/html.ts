const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/**
 * The one HTML escape for markup built outside Liquid (the customer-facing unsubscribe, survey
 * and notify-me pages, htmx snippets, the digest email, TwiML): the five characters that can end
 * a text node or a quoted attribute. Safe in element text and in single- or double-quoted
 * attribute values, in HTML and in XML. Liquid templates escape with their own `escape` filter.
 */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ENTITIES[c]!);
}
