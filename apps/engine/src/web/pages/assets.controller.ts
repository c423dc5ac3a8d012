import * as path from 'node:path';
import { Controller, Get, NotFoundException, Param, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { Public } from '../../auth/access.decorators';

const PUBLIC_DIR = path.join(__dirname, '..', 'public');

/** The only files served: our stylesheets (the app's and the print view's), script and icon, and htmx from node_modules. */
const ASSETS: Record<string, { file: string; type: string }> = {
  'app.css': { file: path.join(PUBLIC_DIR, 'app.css'), type: 'text/css; charset=utf-8' },
  'print.css': { file: path.join(PUBLIC_DIR, 'print.css'), type: 'text/css; charset=utf-8' },
  'app.js': { file: path.join(PUBLIC_DIR, 'app.js'), type: 'text/javascript; charset=utf-8' },
  'favicon.svg': { file: path.join(PUBLIC_DIR, 'favicon.svg'), type: 'image/svg+xml' },
  'htmx.min.js': {
    file: require.resolve('htmx.org/dist/htmx.min.js'),
    type: 'text/javascript; charset=utf-8',
  },
};

@ApiExcludeController()
@Controller('assets')
export class AssetsController {
  @Get(':name')
  @Public()
  send(@Param('name') name: string, @Res() res: Response): void {
    const asset = Object.prototype.hasOwnProperty.call(ASSETS, name) ? ASSETS[name] : undefined;
    if (!asset) throw new NotFoundException();
    res.type(asset.type).setHeader('cache-control', 'public, max-age=300');
    res.sendFile(asset.file);
  }
}
