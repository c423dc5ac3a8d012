import type { Message } from '../message';

/**
 * The messages of one area of the UI (customers, products, settings, ...) in every language, kept
 * beside each other so that a page's texts live in one file. `en` lists the keys; `de` and `pl`
 * must have the same ones (the i18n spec checks the merged catalogs).
 */
export interface AreaCatalog<K extends string = string> {
  en: Record<K, Message>;
  de: Record<K, Message>;
  pl: Record<K, Message>;
}

/** Declares an area's catalog; typed so that `de` and `pl` must list exactly `en`'s keys. */
export function areaCatalog<K extends string>(catalog: AreaCatalog<K>): AreaCatalog<K> {
  return catalog;
}
