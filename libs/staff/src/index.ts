export * from './errors';
export * from './password';
export * from './principal';
export * from './accounts.service';
export * from './auth.service';
export * from './task-assigner';
export * from './staff.module';
