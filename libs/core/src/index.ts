export * from './clock';
export * from './ports';
export * from './local-time';
export * from './occasion-key';
export * from './money';
export * from './types';
export * from './tokens';
export * from './holdout';
