import { NOTIFY_ME_TEXTS, NotifyMeLocale, notifyMeText } from '@touchbase/ingest';
import { escapeHtml } from '@touchbase/core';

const FORM_KEYS = ['heading', 'address', 'consent', 'submit', 'sent', 'failed'] as const;

/**
 * The embeddable "notify me" script (docs/shops.md#storefront-notify-me-form): it fills every
 * `[data-touchbase-notify]` element with a small form built with DOM calls (no HTML strings),
 * texts from the catalog in the element's `data-locale`, and posts it to this engine.
 */
export function notifyMeScript(baseUrl: string, business: string): string {
  const texts = Object.fromEntries(
    Object.entries(NOTIFY_ME_TEXTS).map(([l, t]) => [l, Object.fromEntries(FORM_KEYS.map((k) => [k, t[k]]))]),
  );
  const data = JSON.stringify({ base: baseUrl, business, texts }).replace(/</g, '\\u003c');
  return `(function () {
  var C = ${data};
  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    for (var k in attrs) e.setAttribute(k, attrs[k]);
    if (text) e.textContent = text;
    return e;
  }
  function fill(s, v) { return s.replace(/\\{(\\w+)\\}/g, function (w, n) { return v[n] != null ? v[n] : w; }); }
  function build(box) {
    var locale = (box.getAttribute('data-locale') || document.documentElement.lang || 'en').slice(0, 2).toLowerCase();
    var t = C.texts[locale] || C.texts.en;
    var sku = box.getAttribute('data-sku') || '';
    var vars = { business: C.business, product: box.getAttribute('data-product') || sku };
    var form = el('form', { 'class': 'touchbase-notify', novalidate: '' });
    form.appendChild(el('strong', { style: 'display:block' }, t.heading));
    // a plain default layout (one line each); the shop's own CSS for .touchbase-notify wins where it sets more
    var label = el('label', { style: 'display:block;margin:.5rem 0' }, t.address);
    var address = el('input', { type: 'text', name: 'address', autocomplete: 'email', required: '', maxlength: '320', style: 'display:block;width:100%;max-width:24rem;box-sizing:border-box' });
    label.appendChild(address);
    form.appendChild(label);
    var trap = el('div', { 'aria-hidden': 'true', style: 'position:absolute;left:-10000px;top:auto;width:1px;height:1px;overflow:hidden' });
    var website = el('input', { type: 'text', name: 'website', tabindex: '-1', autocomplete: 'off' });
    trap.appendChild(website);
    form.appendChild(trap);
    var consentLabel = el('label', { style: 'display:block;margin:.5rem 0' });
    var consent = el('input', { type: 'checkbox', name: 'consent', required: '' });
    consentLabel.appendChild(consent);
    consentLabel.appendChild(document.createTextNode(' ' + fill(t.consent, vars)));
    form.appendChild(consentLabel);
    var button = el('button', { type: 'submit' }, t.submit);
    form.appendChild(button);
    var status = el('p', { role: 'status' });
    form.appendChild(status);
    form.addEventListener('submit', function (ev) {
      ev.preventDefault();
      button.disabled = true;
      fetch(C.base + '/storefront/waitlist', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ sku: sku, address: address.value, consent: consent.checked, locale: locale, website: website.value })
      }).then(function (r) {
        status.textContent = r.ok ? t.sent : t.failed;
        button.disabled = r.ok;
      }, function () { status.textContent = t.failed; button.disabled = false; });
    });
    box.appendChild(form);
  }
  var boxes = document.querySelectorAll('[data-touchbase-notify]');
  for (var i = 0; i < boxes.length; i++) build(boxes[i]);
})();
`;
}

function page(locale: NotifyMeLocale, body: string): string {
  return `<!doctype html><html lang="${locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" content="noindex"><link rel="icon" href="/assets/favicon.svg" type="image/svg+xml"><title>${escapeHtml(NOTIFY_ME_TEXTS[locale].pageTitle)}</title><style>body{font-family:system-ui,sans-serif;max-width:32rem;margin:4rem auto;padding:0 1rem;line-height:1.5}button{font-size:1rem;padding:.6rem 1.2rem}</style></head><body><h1>${escapeHtml(NOTIFY_ME_TEXTS[locale].pageTitle)}</h1>${body}</body></html>`;
}

/** The double opt-in pages: GET asks (mail scanners follow links), POST confirms. */
export const notifyMePages = {
  ask(locale: NotifyMeLocale, business: string, product: string, action: string): string {
    const q = notifyMeText(locale, 'ask', { business, product });
    return page(
      locale,
      `<p>${escapeHtml(q)}</p><form method="post" action="${escapeHtml(action)}"><button type="submit">${escapeHtml(NOTIFY_ME_TEXTS[locale].button)}</button></form>`,
    );
  },
  done(locale: NotifyMeLocale, product: string): string {
    return page(locale, `<p>${escapeHtml(notifyMeText(locale, 'done', { product }))}</p>`);
  },
  invalid(locale: NotifyMeLocale): string {
    return page(locale, `<p>${escapeHtml(NOTIFY_ME_TEXTS[locale].invalid)}</p>`);
  },
};
