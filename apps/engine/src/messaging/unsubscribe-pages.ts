import { ChannelPreference, escapeHtml, fillPlaceholders } from '@touchbase/core';
import type { CustomerPreferences, PreferenceChannel, PreferenceChoice } from '@touchbase/messaging';
import { UNSUBSCRIBE_TEXT, UnsubscribeLocale, UnsubscribeText } from './unsubscribe-texts';

/** What the page shows of the shop, like the shop's emails: name, logo, shop link, postal address. */
export interface ShopFace {
  business: string;
  /** The logo: an uploaded one as a data: URL, or the owner's http(s) address (the controller's CSP allows its origin); null for none. */
  logo: string | null;
  shopUrl: string;
  postalAddress: string;
}

const STYLE = `body{margin:0;background:#f4f4f5;color:#1f2328;font-family:system-ui,-apple-system,"Segoe UI",sans-serif;line-height:1.5}
.wrap{max-width:600px;margin:0 auto;padding:1.5rem 1rem}
.head{text-align:center;padding:.5rem 0 1rem}.head img{max-height:56px;max-width:220px}.head .name{font-size:1.25rem;font-weight:700}
.card{background:#fff;border-radius:10px;padding:1.25rem 1.5rem;box-shadow:0 1px 3px rgba(0,0,0,.08)}
h1{font-size:1.35rem;margin:.2rem 0 .8rem}h2{font-size:1.1rem;margin:1.4rem 0 .4rem}
fieldset{border:1px solid #d0d7de;border-radius:8px;margin:.8rem 0;padding:.4rem 1rem .8rem}legend{font-weight:700;padding:0 .3rem}
label{display:flex;gap:.6rem;align-items:flex-start;margin:.5rem 0;cursor:pointer}label small{display:block;color:#57606a}
input[type=radio]{flex:none;margin-top:.35rem;width:1.1rem;height:1.1rem}
button{font:inherit;font-size:1rem;padding:.65rem 1.3rem;border:0;border-radius:8px;background:#0b5cad;color:#fff;cursor:pointer}
button.secondary,a.secondary{background:#fff;color:#0b5cad;border:1px solid #0b5cad}
.actions{display:flex;flex-wrap:wrap;gap:.6rem;align-items:center;margin-top:1rem}
.foot{text-align:center;color:#57606a;font-size:.85rem;padding:1rem 0;white-space:pre-line}.foot a{color:#0b5cad}
ul.saved{padding-left:1.2rem}
@media (prefers-color-scheme:dark){body{background:#0d1117;color:#e6edf3}.card{background:#161b22;box-shadow:none}fieldset{border-color:#30363d}label small,.foot{color:#8b949e}button.secondary,a.secondary{background:#161b22;color:#58a6ff;border-color:#58a6ff}.foot a{color:#58a6ff}}`;

function loc(locale: string | null | undefined): UnsubscribeLocale {
  return locale && locale in UNSUBSCRIBE_TEXT ? (locale as UnsubscribeLocale) : 'en';
}

function page(locale: UnsubscribeLocale, shop: ShopFace, body: string): string {
  const t = UNSUBSCRIBE_TEXT[locale];
  const logo = shop.logo
    ? `<img src="${escapeHtml(shop.logo)}" alt="${escapeHtml(shop.business)}">`
    : `<span class="name">${escapeHtml(shop.business)}</span>`;
  const head = shop.shopUrl ? `<a href="${escapeHtml(shop.shopUrl)}">${logo}</a>` : logo;
  const foot = [
    shop.postalAddress ? escapeHtml(shop.postalAddress) : escapeHtml(shop.business),
    shop.shopUrl ? `<a href="${escapeHtml(shop.shopUrl)}">${escapeHtml(t.shop)}</a>` : '',
  ]
    .filter(Boolean)
    .join('\n');
  return `<!doctype html><html lang="${locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" content="noindex"><meta name="color-scheme" content="light dark"><link rel="icon" href="/assets/favicon.svg" type="image/svg+xml"><title>${escapeHtml(t.title)} · ${escapeHtml(shop.business)}</title><style>${STYLE}</style></head><body><div class="wrap"><header class="head">${head}</header><main class="card">${body}</main><footer class="foot">${foot}</footer></div></body></html>`;
}

function filler(t: UnsubscribeText, channel: PreferenceChannel | null, business: string) {
  return (s: string, extra: Record<string, string> = {}) =>
    escapeHtml(
      fillPlaceholders(
        s,
        (name) =>
          extra[name] ??
          (name === 'business' ? business : name === 'channel' && channel ? t[channel] : undefined),
      ),
    );
}

/** The preference centre's form: per channel, everything / only personal / nothing. */
function preferenceForm(
  t: UnsubscribeText,
  prefs: CustomerPreferences,
  action: string,
  fill: ReturnType<typeof filler>,
  intro = true,
): string {
  if (!prefs.channels.length) return '';
  const options: Array<[ChannelPreference, string, string]> = [
    ['all', t.prefAll, t.prefAllHint],
    ['personal', t.prefPersonal, t.prefPersonalHint],
    ['none', t.prefNone, ''],
  ];
  const sets = prefs.channels
    .map(
      (c) =>
        `<fieldset><legend>${escapeHtml(c.channel === 'email' ? t.emailTitle : t.smsTitle)}</legend>${options
          .map(
            ([value, label, hint]) =>
              `<label><input type="radio" name="${c.channel}" value="${value}"${c.preference === value ? ' checked' : ''}><span>${escapeHtml(label)}${hint ? `<small>${escapeHtml(hint)}</small>` : ''}</span></label>`,
          )
          .join('')}</fieldset>`,
    )
    .join('');
  return `<h2>${escapeHtml(t.prefsTitle)}</h2>${intro ? `<p>${fill(t.prefsIntro)}</p>` : ''}<form method="post" action="${escapeHtml(action)}" class="preferences">${sets}<div class="actions"><button type="submit">${escapeHtml(t.prefsSave)}</button></div></form>`;
}

function preferenceLabel(t: UnsubscribeText, p: ChannelPreference): string {
  return p === 'all' ? t.prefAll : p === 'personal' ? t.prefPersonal : t.prefNone;
}

/** The customer-facing unsubscribe pages: a confirmation (GET), the result (POST), an invalid link, the preference centre. */
export const unsubscribePages = {
  confirm(
    localeIn: string | null,
    channel: PreferenceChannel,
    shop: ShopFace,
    action: string,
    prefs: CustomerPreferences | null = null,
    prefsAction = '',
  ): string {
    const l = loc(localeIn);
    const t = UNSUBSCRIBE_TEXT[l];
    const fill = filler(t, channel, shop.business);
    return page(
      l,
      shop,
      `<h1>${escapeHtml(t.title)}</h1><p>${fill(t.ask)}</p><form method="post" action="${escapeHtml(action)}"><button type="submit">${escapeHtml(t.button)}</button></form>${prefs ? preferenceForm(t, prefs, prefsAction, fill) : ''}`,
    );
  },
  done(localeIn: string | null, channel: PreferenceChannel, shop: ShopFace): string {
    const l = loc(localeIn);
    const t = UNSUBSCRIBE_TEXT[l];
    return page(
      l,
      shop,
      `<h1>${escapeHtml(t.title)}</h1><p>${filler(t, channel, shop.business)(t.done)}</p>`,
    );
  },
  /** A second visit: already unsubscribed, with a confirmed way back in (POST to `action`) and the preference centre. */
  already(
    localeIn: string | null,
    channel: PreferenceChannel,
    shop: ShopFace,
    action: string,
    prefs: CustomerPreferences | null = null,
    prefsAction = '',
  ): string {
    const l = loc(localeIn);
    const t = UNSUBSCRIBE_TEXT[l];
    const fill = filler(t, channel, shop.business);
    return page(
      l,
      shop,
      `<h1>${escapeHtml(t.title)}</h1><p>${fill(t.already)}</p><p>${fill(t.backIn)}</p><form method="post" action="${escapeHtml(action)}"><button type="submit">${escapeHtml(t.backInButton)}</button></form>${prefs ? preferenceForm(t, prefs, prefsAction, fill, false) : ''}`,
    );
  },
  resubscribed(localeIn: string | null, channel: PreferenceChannel, shop: ShopFace): string {
    const l = loc(localeIn);
    const t = UNSUBSCRIBE_TEXT[l];
    return page(
      l,
      shop,
      `<h1>${escapeHtml(t.title)}</h1><p>${filler(t, channel, shop.business)(t.backInDone)}</p>`,
    );
  },
  /** Getting back in asks first: the choice travels in hidden fields with `confirm=yes`. */
  confirmBackIn(
    localeIn: string | null,
    shop: ShopFace,
    backIn: PreferenceChannel[],
    choice: PreferenceChoice,
    action: string,
    back: string,
  ): string {
    const l = loc(localeIn);
    const t = UNSUBSCRIBE_TEXT[l];
    const channels = backIn.map((c) => t[c]).join(` ${t.and} `);
    const hidden = Object.entries(choice)
      .map(([k, v]) => `<input type="hidden" name="${escapeHtml(k)}" value="${escapeHtml(String(v))}">`)
      .join('');
    return page(
      l,
      shop,
      `<h1>${escapeHtml(t.confirmTitle)}</h1><p>${filler(t, null, shop.business)(t.confirmBackIn, { channels })}</p><form method="post" action="${escapeHtml(action)}" class="confirm">${hidden}<input type="hidden" name="confirm" value="yes"><div class="actions"><button type="submit">${escapeHtml(t.confirmYes)}</button><a class="secondary" href="${escapeHtml(back)}">${escapeHtml(t.confirmNo)}</a></div></form>`,
    );
  },
  /** After saving: what the customer receives now, and the form to change it again. */
  saved(localeIn: string | null, shop: ShopFace, prefs: CustomerPreferences, action: string): string {
    const l = loc(localeIn);
    const t = UNSUBSCRIBE_TEXT[l];
    const fill = filler(t, null, shop.business);
    const list = prefs.channels
      .map(
        (c) =>
          `<li><strong>${escapeHtml(c.channel === 'email' ? t.emailTitle : t.smsTitle)}:</strong> ${escapeHtml(preferenceLabel(t, c.preference))}</li>`,
      )
      .join('');
    return page(
      l,
      shop,
      `<h1>${escapeHtml(t.prefsTitle)}</h1><p role="status">${fill(t.prefsSaved)}</p><ul class="saved">${list}</ul>${preferenceForm(t, prefs, action, fill, false)}`,
    );
  },
  invalid(localeIn: string | null, shop: ShopFace): string {
    const l = loc(localeIn);
    const t = UNSUBSCRIBE_TEXT[l];
    return page(l, shop, `<h1>${escapeHtml(t.title)}</h1><p>${escapeHtml(t.invalid)}</p>`);
  },
};
