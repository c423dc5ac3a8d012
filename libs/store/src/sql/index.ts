export * from './dialect';
export * from './sqlite-gate';
