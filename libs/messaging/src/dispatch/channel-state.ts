import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CHANNELS, Clock } from '@touchbase/core';
import { ENGINE_STATE, parseChannelState, readStates, writeState } from '@touchbase/store';

export interface ChannelStatus {
  channel: string;
  paused: boolean;
  reason: string | null;
  at: string | null;
}

/**
 * Pausing a channel (engine_state `channel.<name>` = JSON { paused, reason, at }): a
 * configuration error (bad SMTP or Twilio credentials) stops that channel until an owner resumes it,
 * instead of burning every queued message's attempts.
 */
@Injectable()
export class ChannelState {
  private readonly log = new Logger('Channels');

  constructor(
    private readonly ds: DataSource,
    private readonly clock: Clock,
  ) {}

  async all(): Promise<ChannelStatus[]> {
    const values = await readStates(
      this.ds,
      CHANNELS.map((c) => ENGINE_STATE.channel(c)),
    );
    return CHANNELS.map((channel) => {
      const v = parseChannelState(values.get(ENGINE_STATE.channel(channel)) ?? null);
      return { channel, paused: v.paused, reason: v.reason ?? null, at: v.at ?? null };
    });
  }

  async pausedChannels(): Promise<string[]> {
    return (await this.all()).filter((c) => c.paused).map((c) => c.channel);
  }

  async pause(channel: string, reason: string): Promise<void> {
    const now = this.clock.now();
    await this.write(channel, { paused: true, reason, at: now.toISOString() }, now);
    this.log.error(
      `ALERT: ${channel} channel paused: ${reason}. Fix the settings, then POST /api/channels/${channel}/resume.`,
    );
  }

  async resume(channel: string): Promise<ChannelStatus> {
    const now = this.clock.now();
    await this.write(channel, { paused: false, reason: null, at: now.toISOString() }, now);
    this.log.log(`${channel} channel resumed`);
    return (await this.all()).find((c) => c.channel === channel)!;
  }

  private async write(channel: string, value: object, now: Date): Promise<void> {
    await writeState(this.ds, ENGINE_STATE.channel(channel), JSON.stringify(value), now);
  }
}
