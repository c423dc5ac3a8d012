import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { AppConfig } from '@touchbase/config';
import { Clock } from '@touchbase/core';
import { AppModule } from './app.module';
import { createValidationPipe } from './http/validation';
import { createLogger } from './http/logger';

/** Applies what every engine app needs (pipes, docs, shutdown hooks). Shared with tests. */
export function configureApp(app: INestApplication, config: AppConfig): void {
  app.useGlobalPipes(createValidationPipe());
  app.enableShutdownHooks();
  const doc = new DocumentBuilder()
    .setTitle('Touchbase API')
    .setDescription(`Proactive customer touches for ${config.business.name}`)
    .setVersion('1')
    .addBearerAuth()
    .addCookieAuth('tb_session')
    .build();
  SwaggerModule.setup('api/docs', app, () => SwaggerModule.createDocument(app, doc), { jsonDocumentUrl: 'api/docs/json' });
}

export async function createEngine(config: AppConfig, clock?: Clock): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config, clock), {
    logger: createLogger(config),
  });
  configureApp(app, config);
  return app;
}
