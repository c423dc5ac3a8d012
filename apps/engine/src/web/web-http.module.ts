import { Module } from '@nestjs/common';
import { StaffModule } from '@touchbase/staff';
import { AssetsController } from './pages/assets.controller';
import { SessionController } from './pages/session.controller';
import { WebRenderer } from './render/web-renderer';
import { WebExceptionFilter } from './web-exception.filter';

/**
 * The web UI: server-rendered Liquid pages for owners and staff, htmx for in-place updates.
 * Controllers are thin: they call the areas' services and render a view.
 */
@Module({
  imports: [StaffModule],
  controllers: [AssetsController, SessionController],
  providers: [WebRenderer, WebExceptionFilter],
})
export class WebHttpModule {}
