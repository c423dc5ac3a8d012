import { Controller, Get, NotFoundException, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { SettingsService } from '@touchbase/store';
import { Public } from '../auth/access.decorators';

/**
 * The uploaded logo (settings page), served publicly so emails and pages can show it: only the
 * raster types the settings accept, with nosniff and a sandboxing CSP (docs/configuration.md#settings-page).
 */
@ApiExcludeController()
@Controller('brand')
export class BrandController {
  constructor(private readonly settings: SettingsService) {}

  @Get('logo')
  @Public()
  async logo(@Res() res: Response): Promise<void> {
    const logo = (await this.settings.refresh()).logo;
    const m = /^data:(image\/(?:png|jpeg|gif|webp));base64,(.+)$/.exec(logo);
    if (!m) throw new NotFoundException('No uploaded logo');
    res
      .type(m[1])
      .set({
        'cache-control': 'public, max-age=300',
        'x-content-type-options': 'nosniff',
        'content-security-policy': "default-src 'none'; sandbox",
      })
      .send(Buffer.from(m[2], 'base64'));
  }
}
