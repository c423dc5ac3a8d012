import type { EntityManager } from 'typeorm';
import { reserveIds } from '@touchbase/store';
import type { PlannedTouch } from './ledger';

/** Ids taken in advance for a plan's message, task and extra task (PostgreSQL; see takeIds). */
export interface PlanIds {
  messageId: number | null;
  taskId: number | null;
  extraTaskId: number | null;
}

/**
 * PostgreSQL: the ids of the messages and tasks these plans may make, taken before their touches
 * are written (reserveIds), so a new touch row is inserted pointing at them and needs no link
 * `UPDATE` (which cost about as much as the touch insert at 1M customers). A touch that another
 * run already wrote, or whose message turns out blocked, leaves its ids unused (gaps). Null on
 * SQLite: its rows are inserted, then linked by a prepared single-row `UPDATE` each, as before.
 */
export async function takeIds(
  db: EntityManager,
  plans: PlannedTouch[],
): Promise<Map<PlannedTouch, PlanIds> | null> {
  const wants = plans.map((p) => {
    const { status, channel } = p.decision;
    return {
      message: status === 'queued' && (channel === 'email' || channel === 'sms'),
      task: status === 'task',
      extra: !!p.occasion.extraTask && (status === 'queued' || status === 'task'),
    };
  });
  const count = (f: (w: (typeof wants)[number]) => boolean) => wants.filter(f).length;
  const reserved = await reserveIds(db, {
    outbox_messages: count((w) => w.message),
    tasks: count((w) => w.task) + count((w) => w.extra),
  });
  if (!reserved) return null;
  const messageIds = reserved.get('outbox_messages')!;
  const taskIds = reserved.get('tasks')!;
  const out = new Map<PlannedTouch, PlanIds>();
  let m = 0;
  let t = 0;
  plans.forEach((p, i) => {
    const w = wants[i];
    out.set(p, {
      messageId: w.message ? messageIds[m++] : null,
      taskId: w.task ? taskIds[t++] : null,
      extraTaskId: w.extra ? taskIds[t++] : null,
    });
  });
  return out;
}
