export * from './prom-telemetry';
export * from './store-readings';
