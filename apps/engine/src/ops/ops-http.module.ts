import { MiddlewareConsumer, Module, NestModule } from '@nestjs/common';
import { DispatchDrain } from './dispatch-drain';
import { HealthController } from './health.controller';
import { HealthService } from './health.service';
import { MetricsController } from './metrics.controller';
import { RequestLogMiddleware } from './request-log.middleware';

/** The ops area: health, readiness, Prometheus metrics, the request log, the dispatcher's graceful drain. */
@Module({
  controllers: [HealthController, MetricsController],
  providers: [HealthService, RequestLogMiddleware, DispatchDrain],
})
export class OpsHttpModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(RequestLogMiddleware).forRoutes('*');
  }
}
