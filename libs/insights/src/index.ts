export * from './statistics';
export * from './effect';
export * from './effect.query';
