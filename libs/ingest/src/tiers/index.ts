export * from './tier-input';
export * from './tier-recompute';
export * from './tier.service';
