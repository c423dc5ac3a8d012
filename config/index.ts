export * from './app-config';
export * from './config.module';
export * from './secrets';
export * from './storefront-settings';
export * from './business-settings';
export * from './settings-defaults';
export * from './schema-pieces';
export * from './effective-config';
