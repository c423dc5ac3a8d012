import { Controller, Get, Headers, Inject, Req, Res, UnauthorizedException } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Request, Response } from 'express';
import type { Principal } from '@touchbase/staff';
import { AppConfig, APP_CONFIG } from '@touchbase/config';
import { PromTelemetry } from '@touchbase/store';
import { Public } from '../auth/access.decorators';

/**
 * Prometheus scrape endpoint. With METRICS_TOKEN set the scraper sends
 * `Authorization: Bearer <METRICS_TOKEN>` (compared in constant time; a monitoring system should
 * not need a staff account). Without it, the endpoint is public only when OPS_PUBLIC (default:
 * outside production); otherwise it needs a signed-in owner.
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
    @Req() req: Request & { user?: Principal },
    @Res() res: Response,
  ): Promise<void> {
    const expected = this.config.ops.metricsToken;
    if (expected && !sameSecret(authorization?.replace(/^Bearer\s+/i, '') ?? '', expected)) {
      throw new UnauthorizedException('metrics need Authorization: Bearer <METRICS_TOKEN>');
    }
    if (!expected && !this.config.security.opsPublic && req.user?.role !== 'owner')
      throw new UnauthorizedException('metrics need METRICS_TOKEN or a signed-in owner');
    const { contentType, body } = await this.telemetry.scrape();
    res.type(contentType).send(body);
  }
}

function sameSecret(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}
