import { Controller, Get, HttpStatus, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Public } from '../auth/access.decorators';
import { HealthService, Liveness, Readiness } from './health.service';

@ApiTags('ops')
@Controller('health')
export class HealthController {
  constructor(private readonly health: HealthService) {}

  @Get('live')
  @Public()
  @ApiOperation({ summary: 'Liveness: the process is up and serving HTTP' })
  @ApiOkResponse({ description: '{ status: "up", pid, roles, uptimeSeconds }' })
  live(): Liveness {
    return this.health.live();
  }

  @Get('ready')
  @Public()
  @ApiOperation({ summary: 'Readiness: database reachable; channels, last tick and outbox backlog reported' })
  @ApiOkResponse({ description: 'Ready; the body details database, channels, scheduler and outbox' })
  @ApiServiceUnavailableResponse({
    description: 'Not ready (database unreachable or shutting down); same body',
  })
  async ready(@Res({ passthrough: true }) res: Response): Promise<Readiness> {
    const r = await this.health.ready();
    res.status(r.status === 'ready' ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE);
    return r;
  }
}
