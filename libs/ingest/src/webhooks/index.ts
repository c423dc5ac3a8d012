export * from './signatures';
export * from './webhook-secrets.service';
export * from './webhook-receiver.service';
export * from './inventory-webhook.service';
export * from './inbound-email.parse';
export * from './reply-text';
export * from './inbound-email.service';
