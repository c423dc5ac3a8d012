export * from './signatures';
export * from './webhook-secrets.service';
export * from './webhook-receiver.service';
export * from './inventory-webhook.service';
