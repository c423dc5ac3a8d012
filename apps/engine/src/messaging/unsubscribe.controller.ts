import { Body, Controller, Get, Header, HttpCode, Param, Post, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { CHANNEL_PREFERENCES, ChannelPreference } from '@touchbase/core';
import {
  OptOutService,
  PREFERENCE_CHANNELS,
  PreferenceChoice,
  PreferencesService,
  UnsubscribeLinks,
} from '@touchbase/messaging';
import { SettingsService } from '@touchbase/store';
import { Public } from '../auth/access.decorators';
import { CONTENT_SECURITY_POLICY } from '../http/security-headers';
import { ShopFace, unsubscribePages } from './unsubscribe-pages';

type Channel = 'email' | 'sms';

/**
 * /u/:token: GET only asks (mail scanners follow links), POST unsubscribes; the one-click
 * POST of RFC 8058 (`List-Unsubscribe=One-Click`) lands on the same route. A GET after the
 * opt-out says so and offers the way back in, which is a confirmed POST to /u/:token/resubscribe.
 * Both pages carry the preference centre (POST /u/:token/preferences; turning a channel back
 * on asks for confirmation first; see docs/delivery.md#the-preference-centre). A bad token gets
 * a 400 page that says nothing about why.
 */
@ApiExcludeController()
@Controller('u')
export class UnsubscribeController {
  constructor(
    private readonly links: UnsubscribeLinks,
    private readonly optOut: OptOutService,
    private readonly preferences: PreferencesService,
    private readonly settings: SettingsService,
  ) {}

  @Get(':token')
  @Public()
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Cache-Control', 'no-store')
  async confirm(@Param('token') token: string, @Res({ passthrough: true }) res: Response): Promise<string> {
    const t = this.links.read(token);
    const shop = await this.shop(res);
    if (!t) return this.invalid(res, shop);
    const channel = t.channel as Channel;
    const [state, prefs] = await Promise.all([
      this.optOut.consentOf(t.customerId, channel),
      this.preferences.of(t.customerId),
    ]);
    const locale = state?.locale ?? shop.defaultLocale;
    if (state && !state.consent)
      return unsubscribePages.already(
        locale,
        channel,
        shop,
        `/u/${token}/resubscribe`,
        prefs,
        `/u/${token}/preferences`,
      );
    return unsubscribePages.confirm(locale, channel, shop, `/u/${token}`, prefs, `/u/${token}/preferences`);
  }

  /** The way back in, from the "already unsubscribed" page: the signed token is the authority. */
  @Post(':token/resubscribe')
  @Public()
  @HttpCode(200)
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Cache-Control', 'no-store')
  async resubscribe(
    @Param('token') token: string,
    @Res({ passthrough: true }) res: Response,
  ): Promise<string> {
    const t = this.links.read(token);
    const shop = await this.shop(res);
    if (!t) return this.invalid(res, shop);
    const channel = t.channel as Channel;
    const r = await this.optOut.resubscribe(t.customerId, channel);
    if (!r.found) return this.invalid(res, shop);
    return unsubscribePages.resubscribed(r.locale ?? shop.defaultLocale, channel, shop);
  }

  /**
   * The preference centre's form: per channel all | personal | none. A choice that turns a
   * channel back on is shown for confirmation first (applied only with `confirm=yes`).
   */
  @Post(':token/preferences')
  @Public()
  @HttpCode(200)
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Cache-Control', 'no-store')
  async savePreferences(
    @Param('token') token: string,
    @Body() body: Record<string, unknown>,
    @Res({ passthrough: true }) res: Response,
  ): Promise<string> {
    const t = this.links.read(token);
    const shop = await this.shop(res);
    if (!t) return this.invalid(res, shop);
    const current = await this.preferences.of(t.customerId);
    if (!current) return this.invalid(res, shop);
    const choice: PreferenceChoice = {};
    for (const c of PREFERENCE_CHANNELS) {
      const v = body?.[c];
      if (v == null || v === '') continue;
      if (!(CHANNEL_PREFERENCES as readonly unknown[]).includes(v)) return this.invalid(res, shop);
      choice[c] = v as ChannelPreference;
    }
    const locale = current.locale ?? shop.defaultLocale;
    const action = `/u/${token}/preferences`;
    const backIn = this.preferences.backIn(current, choice);
    if (backIn.length && body?.confirm !== 'yes')
      return unsubscribePages.confirmBackIn(locale, shop, backIn, choice, action, `/u/${token}`);
    await this.preferences.apply(t.customerId, choice);
    const now = await this.preferences.of(t.customerId);
    return unsubscribePages.saved(locale, shop, now ?? current, action);
  }

  @Post(':token')
  @Public()
  @HttpCode(200)
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Cache-Control', 'no-store')
  async unsubscribe(
    @Param('token') token: string,
    @Res({ passthrough: true }) res: Response,
  ): Promise<string> {
    const t = this.links.read(token);
    const shop = await this.shop(res);
    if (!t) return this.invalid(res, shop);
    const r = await this.optOut.unsubscribe(t.customerId, t.channel as Channel);
    return unsubscribePages.done(r.locale ?? shop.defaultLocale, t.channel as Channel, shop);
  }

  /**
   * The shop as its emails show it, from the settings (an owner's change applies at once). A logo
   * given as an http(s) address is shown too: this answer's CSP allows images from its origin.
   */
  private async shop(res: Response): Promise<ShopFace & { defaultLocale: string }> {
    const s = await this.settings.refresh();
    const external = /^https?:\/\//i.test(s.logo) ? new URL(s.logo).origin : null;
    if (external)
      res.setHeader(
        'Content-Security-Policy',
        CONTENT_SECURITY_POLICY.replace("img-src 'self' data:", `img-src 'self' data: ${external}`),
      );
    return {
      business: s.businessName,
      logo: s.logo.startsWith('data:') || external ? s.logo : null,
      shopUrl: s.shopUrl,
      postalAddress: s.postalAddress,
      defaultLocale: s.defaultLocale,
    };
  }

  private invalid(res: Response, shop: ShopFace & { defaultLocale: string }): string {
    res.status(400);
    return unsubscribePages.invalid(shop.defaultLocale, shop);
  }
}
