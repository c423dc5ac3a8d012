import { CommandRunner } from 'nest-commander';
import { CommandFrom } from '../../kit/from-syntax';
import { INBOUND_EMAIL } from '../../syntax/ingest';
import { InboundEmailService } from '@touchbase/ingest';
import { printJson, UsageError } from '../../kit/usage';

/** The most read from stdin: the webhook's bound (apps/engine/src/http/inbound-email-body.ts). */
const MAX_BYTES = 10 * 1024 * 1024;

/**
 * `touchbase inbound-email < reply.eml`: one raw message from stdin through the same service
 * as POST /webhooks/email/inbound (no token: whoever runs the command has the database). An
 * unknown sender, an automatic answer or a repeat exit 0 (a mail server's pipe must not bounce
 * them); an unreadable message exits 1 naming the problem.
 */
@CommandFrom(INBOUND_EMAIL)
export class InboundEmailCommand extends CommandRunner {
  constructor(private readonly inbound: InboundEmailService) {
    super();
  }

  async run(_args: string[], o: { json?: boolean }): Promise<void> {
    if (process.stdin.isTTY) throw new UsageError('pipe a message in: touchbase inbound-email < reply.eml');
    const raw = await readStdin();
    if (!raw.length) throw new UsageError('stdin was empty: expected a raw RFC 822 message');
    const r = await this.inbound.receive(raw, 'message/rfc822');
    if (o.json) return printJson(r);
    const what: Record<typeof r.status, string> = {
      recorded: `Recorded for ${r.customers} customer(s); ${r.tasks} reply task(s) made.`,
      auto_reply: `An automatic answer: on the timeline of ${r.customers} customer(s), no task.`,
      unknown_sender: 'No customer has the sender’s address: nothing recorded.',
      duplicate: 'This message (Message-ID) was recorded before: nothing changed.',
    };
    console.log(what[r.status]);
  }
}

async function readStdin(): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of process.stdin) {
    size += (chunk as Buffer).length;
    if (size > MAX_BYTES) throw new UsageError(`the message is larger than ${MAX_BYTES / 1024 / 1024} MB`);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}
