import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { AppConfig } from '@touchbase/config';
import { Clock } from '@touchbase/core';
import { AppModule } from './app.module';
import { createValidationPipe } from './http/validation';
import { createLogger } from './http/logger';
import { applyPublicLimits } from './http/public-limits';
import { guardInboundEmail } from './http/inbound-email-body';
import { docsAccess } from './ops/ops-access';
import { AuthService } from '@touchbase/staff';
import { SettingsService } from '@touchbase/store';

/**
 * Applies what every engine app needs (pipes, docs, shutdown hooks). Shared with tests.
 * `signals: false` leaves SIGTERM/SIGINT to the caller (main.ts installs a graceful shutdown
 * that exits 0; Nest's own handler re-raises the signal after closing).
 */
export function configureApp(
  app: INestApplication,
  config: AppConfig,
  opts: { signals?: boolean } = {},
): void {
  app.useGlobalPipes(createValidationPipe());
  // Each request sees the owner's latest settings, also when another instance or the CLI changed them.
  const settings = app.get(SettingsService);
  app.use((_req: unknown, _res: unknown, next: () => void) => {
    settings.refresh().then(
      () => next(),
      () => next(),
    );
  });
  applyPublicLimits(app, config);
  guardInboundEmail(app);
  // Keep JSON bodies' exact bytes as req.rawBody (registered before Nest's own parsers, which then
  // skip): signed webhooks (the shop's inventory webhook) check an HMAC over the raw body.
  (
    app.getHttpAdapter() as unknown as { useBodyParser(type: string, rawBody: boolean, opts?: object): void }
  ).useBodyParser('json', true, { limit: '5mb' });
  if (opts.signals ?? true) app.enableShutdownHooks();
  // the business name from the effective settings when the document is first asked for
  const doc = () =>
    new DocumentBuilder()
      .setTitle('Touchbase API')
      .setDescription(`Proactive customer touches for ${settings.get().businessName}`)
      .setVersion('1')
      .addBearerAuth()
      .addCookieAuth('tb_session', { type: 'apiKey', in: 'cookie', name: 'tb_session' }, 'tb_session')
      .build();
  app.use('/api/docs', docsAccess(app.get(AuthService), config));
  SwaggerModule.setup('api/docs', app, () => SwaggerModule.createDocument(app, doc()), {
    jsonDocumentUrl: 'api/docs/json',
  });
}

export async function createEngine(
  config: AppConfig,
  clock?: Clock,
  opts: { signals?: boolean } = {},
): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config, clock), {
    logger: createLogger(config),
    abortOnError: false, // a start-up failure reaches main(), which logs it and exits 1
  });
  configureApp(app, config, opts);
  return app;
}
