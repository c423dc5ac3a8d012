export * from './databases';
export * from './config';
