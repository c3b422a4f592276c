import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** Schemas of GET /health: one check per dependency, each `up` or `down` (the scanner also `unknown`). */

export class DependencyCheck {
  @ApiProperty({ enum: ['up', 'down'] })
  status: string;
  @ApiPropertyOptional({ description: 'why it is down' })
  error?: string;
  @ApiPropertyOptional({ example: 'postgres', description: 'database: postgres or pglite; smtp: smtp or outbox' })
  kind?: string;
  @ApiPropertyOptional({ description: 'worker: where it runs' })
  detail?: string;
}

export class ProjectorCheck extends DependencyCheck {
  @ApiPropertyOptional({ type: 'integer', description: 'the position the read models have applied' })
  position?: number;
  @ApiPropertyOptional({ type: 'integer', description: 'the newest event position' })
  head?: number;
  @ApiPropertyOptional({ type: 'integer', description: 'events not applied yet' })
  behind?: number;
}

export class ScannerRun {
  @ApiProperty({ format: 'date-time' })
  startedAt: string;
  @ApiProperty({ format: 'date-time' })
  finishedAt: string;
  @ApiProperty({ type: 'integer' })
  durationMs: number;
  @ApiProperty()
  ok: boolean;
  @ApiPropertyOptional()
  error?: string;
}

export class ScannerCheck {
  @ApiProperty({ enum: ['up', 'down', 'unknown'], description: 'unknown in a process without a scanner' })
  status: string;
  @ApiPropertyOptional({ enum: ['leader', 'standby'] })
  role?: string;
  @ApiPropertyOptional({ type: 'integer' })
  intervalMs?: number;
  @ApiPropertyOptional({ type: ScannerRun, nullable: true })
  lastRun?: ScannerRun | null;
  @ApiPropertyOptional()
  error?: string;
  @ApiPropertyOptional()
  detail?: string;
}

export class HealthChecks {
  @ApiProperty({ type: DependencyCheck })
  database: DependencyCheck;
  @ApiProperty({ type: DependencyCheck })
  redis: DependencyCheck;
  @ApiProperty({ type: ProjectorCheck })
  projector: ProjectorCheck;
  @ApiProperty({ type: DependencyCheck })
  smtp: DependencyCheck;
  @ApiProperty({ type: ScannerCheck })
  scanner: ScannerCheck;
  @ApiProperty({
    type: DependencyCheck,
    description: 'the worker (projector and scanner): in this process, or another holding their locks',
  })
  worker: DependencyCheck;
}

export class Health {
  @ApiProperty({
    enum: ['ok', 'degraded', 'unavailable'],
    description:
      'unavailable (503) while the database or Redis is down; degraded (200) while SMTP, the scanner, the projector or the worker is',
  })
  status: string;
  @ApiProperty({ type: HealthChecks })
  checks: HealthChecks;
}
