import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { Public } from '../http/auth/public.decorator';
import { ApiReturns, schemaRef } from '../http/openapi/api-returns.decorator';
import { RedisHealthIndicator } from './redis.health';

@ApiTags('health')
@Public()
@Controller()
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly database: TypeOrmHealthIndicator,
    private readonly redis: RedisHealthIndicator,
  ) {}

  @Get('health')
  @ApiReturns('Liveness')
  @ApiOperation({ operationId: 'checkLiveness', summary: 'Liveness: the process answers' })
  live() {
    return { status: 'ok' };
  }

  @Get('ready')
  @HealthCheck({ swaggerDocumentation: false })
  @ApiReturns('Readiness')
  @ApiResponse({ status: 503, description: 'PostgreSQL or Redis does not answer', schema: schemaRef('Readiness') })
  @ApiOperation({ operationId: 'checkReadiness', summary: 'Readiness: PostgreSQL and Redis answer (503 otherwise)' })
  ready() {
    return this.health.check([
      () => this.database.pingCheck('postgres', { timeout: 1000 }),
      () => this.redis.isHealthy('redis'),
    ]);
  }
}
