/**
 * Ports: what the domain needs from the outside world, as abstract classes so Nest can inject
 * them and tests can swap in a sink or a stub. Adapters live in libs/messaging.
 */
export interface OutgoingEmail {
  to: string;
  subject: string;
  html: string;
  text: string;
  headers?: Record<string, string>;
  /** Our outbox message id, for idempotency and tracing. */
  messageId?: string | number;
}

export interface OutgoingSms {
  to: string;
  body: string;
  statusCallbackUrl?: string;
  messageId?: string | number;
}

export interface SendResult {
  /** The provider's id (SMTP Message-ID / Twilio MessageSid / outbox file name). */
  providerId: string;
}

/** How a failed send should be treated by the dispatcher. */
export type FailureKind = 'temporary' | 'permanent' | 'configuration';

export class SendError extends Error {
  constructor(
    message: string,
    readonly kind: FailureKind,
    /** Provider code, e.g. SMTP 550 or Twilio 21610. */
    readonly code?: string | number,
  ) {
    super(message);
    this.name = 'SendError';
  }
}

export abstract class EmailSender {
  abstract send(email: OutgoingEmail): Promise<SendResult>;
  async close(): Promise<void> {}
}

export abstract class SmsSender {
  abstract send(sms: OutgoingSms): Promise<SendResult>;
  async close(): Promise<void> {}
}
