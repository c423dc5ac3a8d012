import { Controller, Get, Headers, Inject, Res, UnauthorizedException } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Response } from 'express';
import { AppConfig, APP_CONFIG } from '@touchbase/config';
import { PromTelemetry } from '@touchbase/store';
import { Public } from '../auth/access.decorators';

/**
 * Prometheus scrape endpoint. Public unless METRICS_TOKEN is set; then the scraper sends
 * `Authorization: Bearer <METRICS_TOKEN>` (compared in constant time). It is not a user token:
 * a monitoring system should not need a staff account.
 */
@ApiTags('ops')
@Controller('metrics')
export class MetricsController {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly telemetry: PromTelemetry,
  ) {}

  @Get()
  @Public()
  @ApiOperation({ summary: 'Prometheus metrics (text exposition format)' })
  @ApiProduces('text/plain')
  @ApiOkResponse({ description: 'Metrics in the Prometheus text format' })
  @ApiUnauthorizedResponse({ description: 'METRICS_TOKEN is set and the bearer token is missing or wrong' })
  async metrics(
    @Headers('authorization') authorization: string | undefined,
    @Res() res: Response,
  ): Promise<void> {
    const expected = this.config.ops.metricsToken;
    if (expected && !sameSecret(authorization?.replace(/^Bearer\s+/i, '') ?? '', expected)) {
      throw new UnauthorizedException('metrics need Authorization: Bearer <METRICS_TOKEN>');
    }
    const { contentType, body } = await this.telemetry.scrape();
    res.type(contentType).send(body);
  }
}

function sameSecret(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}
