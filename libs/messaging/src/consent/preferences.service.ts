import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  ChannelPreference,
  channelPreference,
  Clock,
  messageScope,
  PERSONAL_RULE_KINDS,
} from '@touchbase/core';
import { Customer, recordScopeChanges } from '@touchbase/store';
import { OptOutService } from './opt-out.service';

export type PreferenceChannel = 'email' | 'sms';
export const PREFERENCE_CHANNELS: readonly PreferenceChannel[] = ['email', 'sms'];

export interface CustomerPreferences {
  locale: string | null;
  /** Per channel: whether the customer has an address for it, and the current choice. */
  channels: Array<{ channel: PreferenceChannel; preference: ChannelPreference }>;
}

export type PreferenceChoice = Partial<Record<PreferenceChannel, ChannelPreference>>;

/**
 * The preference centre behind the unsubscribe link (docs/delivery.md#the-preference-centre):
 * per channel everything, only personal messages (PERSONAL_RULE_KINDS), or nothing. "Nothing"
 * is the opt-out, "back in" the opt-in of OptOutService, in the same transaction as the scope;
 * narrowing to personal cancels what is queued that the new choice excludes. Each change is a
 * contact event (who: the customer, how: the source).
 */
@Injectable()
export class PreferencesService {
  constructor(
    private readonly ds: DataSource,
    private readonly clock: Clock,
    private readonly optOut: OptOutService,
  ) {}

  /** The customer's choices per channel they can be reached on; null for an unknown or erased customer. */
  async of(customerId: number): Promise<CustomerPreferences | null> {
    const c = await this.ds.getRepository(Customer).findOneBy({ id: customerId });
    if (!c || c.erasedAt) return null;
    const channels: CustomerPreferences['channels'] = [];
    if (c.email)
      channels.push({ channel: 'email', preference: channelPreference(c.emailConsent, c.emailScope) });
    if (c.phone) channels.push({ channel: 'sms', preference: channelPreference(c.smsConsent, c.smsScope) });
    return { locale: c.locale, channels };
  }

  /** The channels this choice would turn back on (they need the customer's confirmation first). */
  backIn(current: CustomerPreferences, choice: PreferenceChoice): PreferenceChannel[] {
    return current.channels
      .filter((c) => c.preference === 'none' && choice[c.channel] && choice[c.channel] !== 'none')
      .map((c) => c.channel);
  }

  /** Applies the choice in one transaction; answers the channels that changed. */
  async apply(
    customerId: number,
    choice: PreferenceChoice,
    source = 'preference-centre',
  ): Promise<PreferenceChannel[] | null> {
    const now = this.clock.now();
    return this.ds.transaction(async (em) => {
      const c = await em.findOneBy(Customer, { id: customerId });
      if (!c || c.erasedAt) return null;
      const changed: PreferenceChannel[] = [];
      for (const channel of PREFERENCE_CHANNELS) {
        const wanted = choice[channel];
        if (!wanted || (channel === 'email' ? !c.email : !c.phone)) continue;
        const consent = channel === 'email' ? c.emailConsent : c.smsConsent;
        const scopeNow = messageScope(channel === 'email' ? c.emailScope : c.smsScope);
        if (wanted === channelPreference(consent, scopeNow)) continue;
        changed.push(channel);
        if (wanted === 'none') {
          await this.optOut.unsubscribe(c.id, channel, source, em);
          continue;
        }
        if (!consent) await this.optOut.resubscribe(c.id, channel, source, em);
        if (wanted !== scopeNow) {
          await em.update(
            Customer,
            { id: c.id },
            channel === 'email' ? { emailScope: wanted } : { smsScope: wanted },
          );
          await recordScopeChanges(em, [
            { customerId: c.id, channel, scope: wanted, source, userId: null, at: now },
          ]);
        }
        if (wanted === 'personal')
          await this.optOut.cancelQueued(
            em,
            [c.id],
            channel,
            `customer wants only personal messages (${source})`,
            now,
            PERSONAL_RULE_KINDS,
          );
      }
      return changed;
    });
  }
}
