export * from './dialect';
export * from './bulk';
export * from './sqlite-gate';
export * from './table-rows';
export * from './planner';
export * from './pg-statements';
export * from './sqlite-connection';
