import { Initial1795434744068 } from './1795434744068-initial';

/**
 * Every migration, in order. Generate a new one (both dialects at once) with
 * `npm run migration:generate -- NameInPascalCase`, then add it here.
 */
export const MIGRATIONS = [Initial1795434744068];
