import { ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import {
  InjectThrottlerOptions,
  InjectThrottlerStorage,
  ThrottlerGuard,
  ThrottlerModuleOptions,
  ThrottlerStorage,
} from '@nestjs/throttler';
import { createHash } from 'node:crypto';
import type { AppConfig } from '@app/platform';
import { TokenRegistry } from '../auth/token-registry';

/** RATE_LIMIT_MAX requests per RATE_LIMIT_WINDOW_MS; 0 turns limiting off. */
export function throttlerOptions(config: Pick<AppConfig, 'RATE_LIMIT_MAX' | 'RATE_LIMIT_WINDOW_MS'>): ThrottlerModuleOptions {
  return {
    throttlers: [{ name: 'default', ttl: config.RATE_LIMIT_WINDOW_MS, limit: Math.max(1, config.RATE_LIMIT_MAX) }],
    skipIf: () => config.RATE_LIMIT_MAX === 0,
  };
}

/**
 * @nestjs/throttler, counted per known token (its digest), else per client IP: officers behind
 * one gateway address do not share a budget, and guessing tokens is limited by address. Runs
 * before the AuthGuard so unknown tokens are limited too. Counts live in this process's memory.
 */
@Injectable()
export class RateLimitGuard extends ThrottlerGuard {
  constructor(
    @InjectThrottlerOptions() options: ThrottlerModuleOptions,
    @InjectThrottlerStorage() storage: ThrottlerStorage,
    reflector: Reflector,
    private readonly tokens: TokenRegistry,
  ) {
    super(options, storage, reflector);
  }

  protected async getTracker(req: Record<string, any>): Promise<string> {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(req.headers?.authorization ?? '');
    if (match && this.tokens.resolve(match[1])) return `token:${createHash('sha256').update(match[1]).digest('hex')}`;
    return `ip:${req.ip ?? req.socket?.remoteAddress ?? 'unknown'}`;
  }

  protected async getErrorMessage(_context: ExecutionContext): Promise<string> {
    return 'too many requests; retry after the number of seconds in Retry-After';
  }
}
