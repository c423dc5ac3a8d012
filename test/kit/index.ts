export * from './databases';
export * from './config';
export * from './engine';
export * from './engine-process';
export * from './browser';
export * as insightsFixtures from './insights';
export * from './staff';
export * from './rules-fixtures';
export * from './ingest-fixtures';
