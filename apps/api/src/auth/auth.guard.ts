import { CanActivate, ExecutionContext, Injectable, SetMetadata, applyDecorators, createParamDecorator } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ApiExtension, ApiSecurity } from '@nestjs/swagger';
import { ApiErrors } from '../openapi/api-errors';
import { ApiError } from '../http/api-error';
import { HttpStatus } from '@nestjs/common';
import type { Actor, Role } from './actor';
import { TokenRegistry } from './token-registry';
import { PersonalTokens } from './people/personal-tokens';
import { SignInService } from './people/sign-in.service';

const PUBLIC = 'auth:public';
const ROLES = 'auth:roles';
const BEFORE_SECOND_FACTOR = 'auth:before-second-factor';

/** Open to anyone (health, metrics); the OpenAPI document says so with an empty security requirement. */
export const Public = () => applyDecorators(SetMetadata(PUBLIC, true), ApiSecurity({}));
/** Roles allowed on a route; admin is always allowed. The OpenAPI document lists them (`x-roles`) with the 403. */
export const Roles = (...roles: Role[]) =>
  applyDecorators(SetMetadata(ROLES, roles), ApiExtension('x-roles', ['admin', ...roles]), ApiErrors(403));

export const CurrentActor = createParamDecorator((_: unknown, ctx: ExecutionContext): Actor => ctx.switchToHttp().getRequest().actor);

/** Open to a signed-in person who still owes a second factor enrolment (GET /me, the TOTP enrolment). */
export const OpenBeforeSecondFactor = () => SetMetadata(BEFORE_SECOND_FACTOR, true);

/**
 * Who is calling, on every route not marked @Public: a bearer token (configured in AUTH_TOKENS,
 * or a person's personal access token), else the session cookie of a signed-in person (whose
 * state-changing requests must carry the X-CSRF-Token). Then the route's roles: any role the
 * caller holds will do; admin may do everything.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: TokenRegistry,
    private readonly personal: PersonalTokens,
    private readonly signIn: SignInService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC, targets)) return true;
    const request = context.switchToHttp().getRequest();
    const actor = await this.identify(request, targets);
    request.actor = actor;
    const roles = this.reflector.getAllAndOverride<Role[]>(ROLES, targets);
    if (roles && !actor.roles.includes('admin') && !actor.roles.some((r) => roles.includes(r))) {
      throw ApiError.forbidden(`role ${actor.role} may not do this`);
    }
    return true;
  }

  private async identify(request: any, targets: Parameters<Reflector['getAllAndOverride']>[1]): Promise<Actor> {
    const header: string | undefined = request.headers?.authorization;
    if (header !== undefined) {
      const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
      if (!match) throw new ApiError(HttpStatus.UNAUTHORIZED, 'unauthorized', 'missing bearer token');
      const actor = this.tokens.resolve(match[1]) ?? (await this.personal.resolve(match[1]));
      if (!actor) throw new ApiError(HttpStatus.UNAUTHORIZED, 'unauthorized', 'unknown token');
      return actor;
    }
    if (request.session?.personId) {
      const actor = await this.signIn.resolveSession(request);
      if (!actor) throw new ApiError(HttpStatus.UNAUTHORIZED, 'session_ended', 'the session has ended: sign in again');
      if (request.session.totpEnrolmentRequired && !this.reflector.getAllAndOverride<boolean>(BEFORE_SECOND_FACTOR, targets)) {
        throw ApiError.forbidden('set up the second factor (authenticator app) first');
      }
      return actor;
    }
    throw new ApiError(HttpStatus.UNAUTHORIZED, 'unauthorized', 'missing bearer token');
  }
}
