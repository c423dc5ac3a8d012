import { randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AppConfig, APP_CONFIG } from '@touchbase/config';
import { Clock, ValidationFailed } from '@touchbase/core';
import { WebhookSecret } from '@touchbase/store';

/** `email`: the inbound email webhook's token (docs/delivery.md#inbound-email). */
export const WEBHOOK_SOURCES = ['inventory', 'shopify', 'woocommerce', 'email'] as const;
export type WebhookSource = (typeof WEBHOOK_SOURCES)[number];

export interface WebhookSecretStatus {
  source: WebhookSource;
  /** owner: set in the app; environment: the env default; none: every delivery is refused. */
  origin: 'owner' | 'environment' | 'none';
  rotatedAt: string | null;
  /** Until when the previous secret is still accepted (null: no overlap running). */
  previousValidUntil: string | null;
}

/**
 * The signing secrets of the webhook sources: one per source, never APP_SECRET. The owner's
 * (database) secret wins over the environment default; after a rotation the previous one stays
 * valid for an overlap period, so the shop can be switched over without losing deliveries.
 */
@Injectable()
export class WebhookSecretsService {
  constructor(
    private readonly ds: DataSource,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** The secrets a delivery may be signed with right now (empty: not configured, refuse all). */
  async accepted(source: WebhookSource): Promise<string[]> {
    const row = await this.ds.getRepository(WebhookSecret).findOneBy({ source });
    if (!row) return this.config.webhooks.secrets[source] ? [this.config.webhooks.secrets[source]!] : [];
    const now = this.clock.now();
    return row.previousSecret && row.previousUntil && row.previousUntil > now
      ? [row.secret, row.previousSecret]
      : [row.secret];
  }

  async status(): Promise<WebhookSecretStatus[]> {
    const rows = await this.ds.getRepository(WebhookSecret).find();
    const now = this.clock.now();
    return WEBHOOK_SOURCES.map((source) => {
      const row = rows.find((r) => r.source === source);
      const overlap = row?.previousSecret && row.previousUntil && row.previousUntil > now;
      return {
        source,
        origin: row ? 'owner' : this.config.webhooks.secrets[source] ? 'environment' : 'none',
        rotatedAt: row ? row.updatedAt.toISOString() : null,
        previousValidUntil: overlap ? row.previousUntil!.toISOString() : null,
      };
    });
  }

  /**
   * Sets (or, without `secret`, generates) the source's secret. The one it replaces (the owner's
   * or the environment's) stays valid for `overlapHours` (default WEBHOOK_SECRET_OVERLAP_HOURS).
   * Returns the new secret once, to paste into the shop.
   */
  async rotate(
    source: string,
    input: { secret?: string; overlapHours?: number },
  ): Promise<{ source: WebhookSource; secret: string; previousValidUntil: string | null }> {
    const problems = [];
    if (!(WEBHOOK_SOURCES as readonly string[]).includes(source))
      problems.push({ field: 'source', problem: `must be one of ${WEBHOOK_SOURCES.join(', ')}` });
    const secret = input.secret ?? randomBytes(32).toString('hex');
    if (typeof secret !== 'string' || !/^[\x21-\x7e]{16,200}$/.test(secret))
      problems.push({ field: 'secret', problem: 'must be 16–200 printable characters without spaces' });
    const overlapHours = input.overlapHours ?? this.config.webhooks.overlapHours;
    if (!Number.isInteger(overlapHours) || overlapHours < 0 || overlapHours > 720)
      problems.push({ field: 'overlapHours', problem: 'must be a whole number from 0 to 720' });
    if (problems.length) throw new ValidationFailed(problems);
    const key = source as WebhookSource;
    const now = this.clock.now();
    return this.ds.transaction(async (m) => {
      const repo = m.getRepository(WebhookSecret);
      const old = (await repo.findOneBy({ source: key }))?.secret ?? this.config.webhooks.secrets[key];
      const until =
        old && old !== secret && overlapHours > 0 ? new Date(now.getTime() + overlapHours * 3_600_000) : null;
      await repo.save(
        repo.create({
          source: key,
          secret,
          previousSecret: until ? old : null,
          previousUntil: until,
          updatedAt: now,
        }),
      );
      return { source: key, secret, previousValidUntil: until?.toISOString() ?? null };
    });
  }
}
