import { Module } from '@nestjs/common';
import { BrandController } from './brand.controller';
import { SettingsApiController } from './settings-api.controller';

/**
 * The owner's settings over HTTP (docs/configuration.md#settings-page): the API and the uploaded
 * logo. SettingsService itself comes from PlatformModule, shared by every process.
 */
@Module({ controllers: [SettingsApiController, BrandController] })
export class SettingsHttpModule {}
