import { MiddlewareConsumer, Module, NestModule } from '@nestjs/common';
import { HealthController } from './health.controller';
import { HealthService } from './health.service';
import { MetricsController } from './metrics.controller';
import { RequestLogMiddleware } from './request-log.middleware';

/** HTTP side of the ops area: health, readiness, Prometheus metrics and the request log. */
@Module({
  controllers: [HealthController, MetricsController],
  providers: [HealthService, RequestLogMiddleware],
})
export class OpsHttpModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(RequestLogMiddleware).forRoutes('*');
  }
}
