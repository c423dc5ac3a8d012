import { createHash, createHmac, randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager, IsNull } from 'typeorm';
import { AppConfig, APP_CONFIG } from '@touchbase/config';
import { Clock, purposeKey, TooManyAttempts, ValidationFailed } from '@touchbase/core';
import {
  clientBucket,
  Customer,
  Product,
  queueMessages,
  ThrottleKey,
  ThrottleService,
  WaitlistEntry,
  WaitlistSignup,
  SettingsService,
} from '@touchbase/store';
import { writeCustomer } from '../customer-writer';
import { normalizeEmail, normalizeIdentifier, normalizePhone } from '../normalize/fields';
import { Problems } from '../normalize/problems';
import { isSuppressed } from '../suppression';
import { notifyMeLocale, NotifyMeLocale, notifyMeText } from './notify-me.texts';
import { StorefrontSettingsService, StorefrontSettingsView } from './storefront-settings.service';

export interface NotifyMeInput {
  sku?: unknown;
  address?: unknown;
  consent?: unknown;
  locale?: unknown;
  /** The honeypot: people never see it, so a value means a bot. */
  website?: unknown;
}

const HOUR = 3_600_000;
/** Requests kept for counting (at least; longer while still confirmable), and all requests per hour the form takes at most. */
const KEEP_MS = 24 * HOUR;
const GLOBAL_PER_HOUR = 1000;

/**
 * The storefront "notify me" form (docs/shops.md#storefront-notify-me-form): a visitor asks by
 * email or phone, confirms through a message from the outbox (double opt-in), and only then
 * becomes a customer on the product's waitlist. Rate limits count the stored requests (per
 * client per hour, per address per day, all per hour), so they hold across instances and the
 * table stays bounded; rows past both a day and their expiry are deleted.
 */
@Injectable()
export class NotifyMeService {
  constructor(
    private readonly ds: DataSource,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly ownerSettings: SettingsService,
    private readonly settings: StorefrontSettingsService,
    private readonly throttle: ThrottleService,
  ) {}

  async request(input: NotifyMeInput, clientIp: string): Promise<{ ok: true }> {
    if (typeof input.website === 'string' && input.website !== '') return { ok: true };
    const locale = notifyMeLocale(input.locale, this.ownerSettings.get().defaultLocale);
    const { sku, channel, address } = this.validate(input);
    const now = this.clock.now();
    const product = await this.ds.getRepository(Product).findOneBy({ sku });
    if (!product) throw new ValidationFailed([{ field: 'sku', problem: 'no such product' }]);
    const settings = await this.settings.current();
    // The shared rate limiter (rate_limits, every instance): per client and all together → 429;
    // per address answered like a success (no hint whether the address is known), nothing sent.
    const client = this.limits(settings, 'notify-ip', clientBucket(clientIp));
    const verdict = await this.throttle.attempt([client, this.limits(settings, 'notify-all', 'all')]);
    if (!verdict.allowed) throw new TooManyAttempts(verdict.retryAfterMs);
    if (!(await this.throttle.attempt([this.limits(settings, 'notify-to', address)])).allowed) {
      await this.throttle.succeeded([client]); // a dropped request does not count for the client
      return { ok: true };
    }
    return this.ds.transaction(async (m) => {
      const repo = m.getRepository(WaitlistSignup);
      const t = now.getTime();
      await repo
        .createQueryBuilder()
        .delete()
        .where('created_at < :before', {
          before: t - Math.max(KEEP_MS, settings.confirmHours * HOUR),
        })
        .execute();
      const ipHash = this.hash('ip', clientIp);
      const addressHash = this.hash('address', address);
      const token = randomBytes(32).toString('base64url');
      await repo.insert({
        tokenHash: sha256(token),
        productId: product.id,
        channel,
        address,
        addressHash,
        ipHash,
        locale,
        createdAt: now,
        expiresAt: new Date(now.getTime() + settings.confirmHours * HOUR),
        confirmedAt: null,
      });
      const suppressed = await isSuppressed(m, this.config.secret, {
        email: channel === 'email' ? address : null,
        phone: channel === 'sms' ? address : null,
      });
      if (!suppressed) await this.queueConfirmation(m, { channel, address, locale, product, token, now });
      return { ok: true };
    });
  }

  /** The product and locale of a valid, unexpired request (for the confirmation page), else null. */
  async pending(token: string): Promise<{ locale: NotifyMeLocale; product: string } | null> {
    const s = await this.find(this.ds.manager, token);
    if (!s) return null;
    const p = await this.ds.getRepository(Product).findOneBy({ id: s.productId });
    return p ? { locale: notifyMeLocale(s.locale, 'en'), product: p.name } : null;
  }

  /** The double opt-in: the visitor becomes (or is found as) a customer and joins the waitlist. */
  async confirm(token: string): Promise<{ locale: NotifyMeLocale; product: string } | null> {
    const now = this.clock.now();
    return this.ds.transaction(async (m) => {
      const s = await this.find(m, token);
      const product = s && (await m.getRepository(Product).findOneBy({ id: s.productId }));
      if (!s || !product) return null;
      const done = { locale: notifyMeLocale(s.locale, 'en'), product: product.name };
      if (s.confirmedAt) return done;
      const email = s.channel === 'email' ? s.address : undefined;
      const phone = s.channel === 'sms' ? s.address : undefined;
      const existing = await m
        .getRepository(Customer)
        .findOne({ where: { ...(email ? { email } : { phone }), erasedAt: IsNull() }, order: { id: 'ASC' } });
      const consent = s.channel === 'email' ? { emailConsent: true } : { smsConsent: true };
      const { customer } = await writeCustomer(
        m,
        existing,
        existing ? consent : { email: email ?? null, phone: phone ?? null, locale: s.locale, ...consent },
        { source: 'storefront-double-opt-in', now, secret: this.config.secret },
      );
      const entries = m.getRepository(WaitlistEntry);
      const entry = await entries.findOneBy({ customerId: customer.id, productId: product.id });
      if (!entry)
        await entries.insert({
          customerId: customer.id,
          productId: product.id,
          joinedAt: now,
          status: 'waiting',
          notifiedRestockId: null,
        });
      else if (entry.status === 'removed')
        await entries.update({ id: entry.id }, { status: 'waiting', joinedAt: now, notifiedRestockId: null });
      await m.getRepository(WaitlistSignup).update({ id: s.id }, { confirmedAt: now });
      return done;
    });
  }

  private validate(input: NotifyMeInput): { sku: string; channel: 'email' | 'sms'; address: string } {
    const p = new Problems();
    const sku = p.check('sku', () => normalizeIdentifier(String(input.sku ?? '').slice(0, 101)));
    const raw = typeof input.address === 'string' ? input.address.slice(0, 321) : '';
    const channel = raw.includes('@') ? 'email' : 'sms';
    const address = !raw.trim()
      ? (p.add('address', 'enter an email address or a mobile number'), undefined)
      : // the value is not repeated in the answer: this route is public
        p.check('address', () => {
          try {
            return channel === 'email'
              ? normalizeEmail(raw)
              : normalizePhone(raw, this.config.business.phoneRegion);
          } catch {
            throw new Error(
              channel === 'email' ? 'is not a valid email address' : 'is not a valid mobile number',
            );
          }
        });
    if (input.consent !== true && input.consent !== 'true' && input.consent !== 'on')
      p.add('consent', 'must be given');
    p.throwIfAny();
    return { sku: sku!, channel, address: address! };
  }

  private async find(m: EntityManager, token: string): Promise<WaitlistSignup | null> {
    if (!/^[\w-]{20,100}$/.test(token)) return null;
    const s = await m.getRepository(WaitlistSignup).findOneBy({ tokenHash: sha256(token) });
    return s && s.expiresAt > this.clock.now() ? s : null;
  }

  private async queueConfirmation(
    m: EntityManager,
    a: {
      channel: string;
      address: string;
      locale: NotifyMeLocale;
      product: Product;
      token: string;
      now: Date;
    },
  ): Promise<void> {
    const vars = {
      business: this.ownerSettings.get().businessName,
      product: a.product.name,
      link: `${this.ownerSettings.get().publicBaseUrl}/storefront/confirm/${a.token}`,
    };
    const text = notifyMeText(a.locale, a.channel === 'email' ? 'message' : 'sms', vars);
    await queueMessages(
      m,
      [
        {
          channel: a.channel,
          purpose: 'confirm',
          recipient: a.address,
          locale: a.locale,
          subject: a.channel === 'email' ? notifyMeText(a.locale, 'subject', vars) : '',
          html: '', // plain text only: nothing to escape, and the link stays visible
          text,
          sendAt: a.now,
        },
      ],
      a.now,
    );
  }

  /**
   * A throttle key under the owner's limits: once a limit is reached the key waits out its
   * window (an hour per client and for all requests; a day, or the confirmation time if longer,
   * per address).
   */
  private limits(
    s: StorefrontSettingsView,
    scope: 'notify-ip' | 'notify-to' | 'notify-all',
    id: string,
  ): ThrottleKey {
    const limit =
      scope === 'notify-ip' ? s.limitPerIp : scope === 'notify-to' ? s.limitPerAddress : GLOBAL_PER_HOUR;
    const windowMs = scope === 'notify-to' ? Math.max(KEEP_MS, s.confirmHours * HOUR) : HOUR;
    return { scope, id, policy: { free: limit - 1, baseMs: windowMs, maxMs: windowMs, memoryMs: windowMs } };
  }

  /** Keyed (docs/security.md#secrets), so the table holds no address or email in the clear for counting. */
  private hash(kind: string, value: string): string {
    return createHmac('sha256', purposeKey(this.config.secret, 'rate-limit'))
      .update(`storefront:${kind}:${value}`)
      .digest('hex');
  }
}

function sha256(s: string): string {
  return createHash('sha256').update(s).digest('hex');
}
