/** Keys in the engine_state table, shared by the scheduler, dispatcher and health checks. */
export const ENGINE_STATE = {
  /** ISO instant up to which the scheduler has evaluated all rules. */
  evaluatedUpTo: 'scheduler.evaluated_up_to',
  /** ISO instant of the last completed tick. */
  lastTickAt: 'scheduler.last_tick_at',
  /** JSON { paused: boolean, reason, at } per channel, e.g. channel.email. */
  channel: (channel: string) => `channel.${channel}`,
  /** ISO instant of the last digest run per user and local day. */
  digestSent: (userId: number, day: string) => `digest.${userId}.${day}`,
  /** JSON StorefrontSettings the owner set on the shop settings page (the environment's are the defaults). */
  storefrontSettings: 'settings.storefront',
  /** The public base URL the engine runs with, for processes that do not know it (the CLI). */
  publicBaseUrl: 'http.public_base_url',
  /** Epoch ms: the 12-month spend rollup counts orders placed after it (libs/store/src/spend-rollup.ts). */
  spendWindowEdge: 'spend.window_edge',
} as const;
