import { CanActivate, ExecutionContext, Injectable, SetMetadata, createParamDecorator } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ApiError } from '../http/api-error';
import { HttpStatus } from '@nestjs/common';
import type { Actor, Role } from './actor';
import { TokenRegistry } from './token-registry';

const PUBLIC = 'auth:public';
const ROLES = 'auth:roles';

/** Open to anyone (health, metrics). */
export const Public = () => SetMetadata(PUBLIC, true);
/** Roles allowed on a route; admin is always allowed. */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES, roles);

export const CurrentActor = createParamDecorator((_: unknown, ctx: ExecutionContext): Actor => ctx.switchToHttp().getRequest().actor);

@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: TokenRegistry,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC, targets)) return true;
    const request = context.switchToHttp().getRequest();
    const header: string | undefined = request.headers?.authorization;
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
    if (!match) throw new ApiError(HttpStatus.UNAUTHORIZED, 'unauthorized', 'missing bearer token');
    const actor = this.tokens.resolve(match[1]);
    if (!actor) throw new ApiError(HttpStatus.UNAUTHORIZED, 'unauthorized', 'unknown token');
    request.actor = actor;
    const roles = this.reflector.getAllAndOverride<Role[]>(ROLES, targets);
    if (roles && actor.role !== 'admin' && !roles.includes(actor.role)) {
      throw ApiError.forbidden(`role ${actor.role} may not do this`);
    }
    return true;
  }
}
