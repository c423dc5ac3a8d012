export * from './shop-records';
export * from './shop-writer';
export * from './payload';
export * from './shopify.mapping';
export * from './shopify.service';
export * from './woocommerce.service';
