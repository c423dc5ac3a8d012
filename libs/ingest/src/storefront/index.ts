export * from './notify-me.texts';
export * from './notify-me.service';
export * from './storefront-settings.service';
