/**
 * The longest preview: one simulated tick per day. In a file of its own so that the CLI can
 * check `preview --days` before it loads anything else (docs/cli.md#start-up).
 */
export const MAX_PREVIEW_DAYS = 60;
