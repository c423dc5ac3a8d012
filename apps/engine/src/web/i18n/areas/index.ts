import { activityCatalog } from './activity';
import { settingsCatalog } from './settings';
import type { AreaCatalog } from './area';
import { emailsCatalog } from './emails';
import { printCatalog } from './print';
import { teamCatalog } from './team';
import { productsCatalog } from './products';
import { customersCatalog } from './customers';
import { tiersCatalog } from './tiers';
import { repliesCatalog } from './replies';

/**
 * Every area catalog of the web UI. Add an area's file here; its keys must not repeat a key of
 * en.ts or of another area (the i18n spec checks).
 */
export const AREA_CATALOGS: AreaCatalog[] = [
  activityCatalog,
  teamCatalog,
  emailsCatalog,
  productsCatalog,
  printCatalog,
  customersCatalog,
  settingsCatalog,
  repliesCatalog,
  tiersCatalog,
];
