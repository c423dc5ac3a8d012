import * as path from 'node:path';
import { Inject, Injectable } from '@nestjs/common';
import { Liquid } from 'liquidjs';
import { APP_CONFIG, AppConfig } from '@touchbase/config';
import { Clock, localDate } from '@touchbase/core';
import { readCookie } from '../../auth/cookies';
import { LOCALE_NAMES, localeFromAcceptLanguage, translate, WEB_LOCALES, webLocale } from '../i18n';
import { WebRequest, viewerOf } from '../web-session';
import { registerWebFilters } from './filters';
import { SettingsService } from '@touchbase/store';

export const VIEWS_DIR = path.join(__dirname, '..', 'views');

interface NavItem {
  href: string;
  key: string;
  roles: Array<'owner' | 'staff'>;
}

const NAV: NavItem[] = [
  { href: '/overview', key: 'nav.overview', roles: ['owner'] },
  { href: '/today', key: 'nav.today', roles: ['owner', 'staff'] },
  { href: '/team', key: 'nav.team', roles: ['owner'] },
  { href: '/customers', key: 'nav.customers', roles: ['owner', 'staff'] },
  { href: '/products', key: 'nav.products', roles: ['owner', 'staff'] },
  { href: '/rules', key: 'nav.rules', roles: ['owner'] },
  { href: '/templates', key: 'nav.templates', roles: ['owner'] },
  { href: '/activity', key: 'nav.activity', roles: ['owner', 'staff'] },
  { href: '/imports', key: 'nav.imports', roles: ['owner'] },
  { href: '/users', key: 'nav.users', roles: ['owner'] },
  { href: '/webhooks-settings', key: 'nav.webhooks', roles: ['owner'] },
  { href: '/settings', key: 'nav.settings', roles: ['owner'] },
  { href: '/tokens', key: 'nav.tokens', roles: ['owner', 'staff'] },
];

/**
 * Renders the web UI's Liquid views. Every `{{ value }}` is HTML-escaped by default
 * (outputEscape: 'escape'), so a customer named `<script>` is shown as text; templates are our
 * own files, read with ownPropertyOnly and strict filters.
 */
@Injectable()
export class WebRenderer {
  private readonly liquid: Liquid;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly ownerSettings: SettingsService,
    private readonly clock: Clock,
  ) {
    this.liquid = new Liquid({
      root: VIEWS_DIR,
      extname: '.liquid',
      outputEscape: 'escape',
      ownPropertyOnly: true,
      strictFilters: true,
      cache: config.env === 'production',
    });
    registerWebFilters(this.liquid, () => this.ownerSettings.get().timezone, config.business.phoneRegion);
  }

  /** The variables every view can use: who is signed in, navigation, CSRF token, language. */
  baseContext(req: WebRequest): Record<string, unknown> {
    const viewer = viewerOf(req);
    const locale = webLocale(viewer?.locale ?? req.webLocale ?? signedOutLocale(req));
    const here = (req.path ?? '/').split('?')[0];
    return {
      locale,
      zone: this.ownerSettings.get().timezone,
      business: { name: this.ownerSettings.get().businessName },
      today: localDate(this.clock.now(), this.ownerSettings.get().timezone),
      me: viewer
        ? {
            id: viewer.id,
            name: viewer.name,
            role: viewer.role,
            roleLabel: translate(locale, `role.${viewer.role}`),
            isOwner: viewer.role === 'owner',
          }
        : null,
      csrf: viewer?.csrfToken ?? '',
      path: here,
      switchBack: switchBackPath(req, here),
      /** The language switcher's choices (not `locales`: pages use that name for their own lists). */
      uiLocales: WEB_LOCALES.map((code) => ({ code, name: LOCALE_NAMES[code], current: code === locale })),
      nav: viewer
        ? NAV.filter((n) => n.roles.includes(viewer.role)).map((n) => ({
            href: n.href,
            key: n.key,
            active: here.startsWith(n.href),
          }))
        : [],
    };
  }

  /** Renders a view (a full page with `{% layout 'layout' %}`, or a fragment for htmx). */
  async render(req: WebRequest, view: string, data: Record<string, unknown> = {}): Promise<string> {
    return this.liquid.renderFile(view, { ...this.baseContext(req), ...data });
  }
}

export const LOCALE_COOKIE = 'tb_locale';

/** Before sign-in: the language chosen with the switcher (a cookie), else the browser's. */
export function signedOutLocale(req: WebRequest): string {
  const chosen = readCookie(req as never, LOCALE_COOKIE);
  return chosen ? webLocale(chosen) : localeFromAcceptLanguage(req.headers['accept-language']);
}

/**
 * Where the language switcher returns to: this page, or — for a page that answers a form post
 * (a refused form at /webhooks-settings/storefront, say) — the page the form was on, since the
 * post's own address may not answer a GET.
 */
function switchBackPath(req: WebRequest, here: string): string {
  if (!req.method || req.method === 'GET') return here;
  try {
    const referer = new URL(String(req.headers.referer ?? ''));
    return referer.host === req.headers.host ? referer.pathname : here;
  } catch {
    return here;
  }
}
