export * from './statistics';
export * from './effect';
export * from './effect.query';
export * from './report.query';
export * from './report.service';
export * from './csv';
export * from './errors';
export * from './insights.module';
