import { CanActivate, ExecutionContext, Injectable, SetMetadata, applyDecorators, createParamDecorator } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ApiExtension, ApiSecurity } from '@nestjs/swagger';
import { ApiErrors } from '../openapi/api-errors';
import { ApiError } from '../http/api-error';
import { HttpStatus } from '@nestjs/common';
import type { Actor, Role } from './actor';
import { TokenRegistry } from './token-registry';

const PUBLIC = 'auth:public';
const ROLES = 'auth:roles';

/** Open to anyone (health, metrics); the OpenAPI document says so with an empty security requirement. */
export const Public = () => applyDecorators(SetMetadata(PUBLIC, true), ApiSecurity({}));
/** Roles allowed on a route; admin is always allowed. The OpenAPI document lists them (`x-roles`) with the 403. */
export const Roles = (...roles: Role[]) =>
  applyDecorators(SetMetadata(ROLES, roles), ApiExtension('x-roles', ['admin', ...roles]), ApiErrors(403));

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
