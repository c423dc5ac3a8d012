export * from './columns';
export * from './entities';
export * from './data-source';
export * from './naming-strategy';
export * from './store.module';
export * from './platform.module';
export * from './engine-state.keys';
export * from './telemetry';
