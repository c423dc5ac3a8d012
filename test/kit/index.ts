export * from './databases';
export * from './config';
export * from './engine';
