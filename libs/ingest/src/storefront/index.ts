export * from './notify-me.texts';
export * from './notify-me.service';
