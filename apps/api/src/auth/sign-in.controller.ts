import { Body, Controller, Get, HttpCode, Inject, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBody, ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { objectInput } from '@app/domain';
import { APP_CONFIG, AppConfig } from '@app/platform';
import type { Actor } from './actor';
import { CurrentActor, Public } from './auth.guard';
import { OidcSignIn } from './oidc/oidc-sign-in';
import { SignInService } from './people/sign-in.service';
import { ApiError } from '../http/api-error';
import { ApiAuthenticated, ApiErrors } from '../openapi/api-errors';
import { AcceptBody, Accepted, LoginBody, ResetBody, User, SignInOptions, SignedInAnswer } from '../people/people.schemas';

/** Signing in and out (api.md "People and sign-in"). */
@ApiTags('sign-in')
@Controller('auth')
export class SignInController {
  constructor(
    private readonly signIn: SignInService,
    private readonly oidc: OidcSignIn,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get('options')
  @Public()
  @ApiOperation({ summary: 'How people may sign in here (for the sign-in page)' })
  @ApiOkResponse({ type: SignInOptions })
  @ApiErrors(400)
  options(): SignInOptions {
    return { oidc: !!this.config.OIDC_ISSUER, oidcLabel: this.config.OIDC_ISSUER ? this.config.OIDC_LABEL : null };
  }

  @Post('login')
  @Public()
  @HttpCode(200)
  @ApiOperation({ summary: 'Sign in with email and password (and the authenticator code when set up): sets the session cookie' })
  @ApiBody({ type: LoginBody })
  @ApiOkResponse({ type: SignedInAnswer })
  @ApiErrors(400, 401, 413, 429)
  async login(@Body() body: unknown, @Req() req: Request): Promise<SignedInAnswer> {
    const signedIn = await this.signIn.login(req, objectInput(body));
    return { ...signedIn, ...(req.session.totpEnrolmentRequired ? { totpEnrolmentRequired: true } : {}) };
  }

  @Post('logout')
  @HttpCode(200)
  @ApiAuthenticated()
  @ApiOperation({ summary: 'End this session (the cookie then gets 401)' })
  @ApiResponse({ status: 200, type: Accepted })
  @ApiErrors(413)
  async logout(@Req() req: Request, @Body() body: unknown): Promise<Accepted> {
    objectInput(body ?? {});
    await this.signIn.logout(req);
    return { accepted: true };
  }

  @Post('logout-everywhere')
  @HttpCode(200)
  @ApiAuthenticated()
  @ApiOperation({ summary: 'End every session of the signed-in person (every browser, every device)' })
  @ApiResponse({ status: 200, type: Accepted })
  @ApiErrors(403)
  async logoutEverywhere(@CurrentActor() actor: Actor, @Req() req: Request): Promise<Accepted> {
    if (!actor.personId) throw ApiError.forbidden('a token is not signed in: revoke it instead');
    await this.signIn.logoutEverywhere(actor.personId, req.ip);
    return { accepted: true };
  }

  @Post('invitations/accept')
  @Public()
  @HttpCode(200)
  @ApiOperation({ summary: 'Set the password from an invitation or reset link (the link works once, until it expires)' })
  @ApiBody({ type: AcceptBody })
  @ApiOkResponse({ type: User })
  @ApiErrors(400, 403, 413)
  accept(@Body() body: unknown, @Req() req: Request) {
    return this.signIn.acceptLink(objectInput(body), req.ip);
  }

  @Post('password-reset')
  @Public()
  @HttpCode(202)
  @ApiOperation({ summary: 'Email a password-reset link (the same answer whether the email is known or not)' })
  @ApiBody({ type: ResetBody })
  @ApiResponse({ status: 202, type: Accepted })
  @ApiErrors(400, 413)
  async reset(@Body() body: unknown, @Req() req: Request): Promise<Accepted> {
    await this.signIn.requestReset(objectInput(body), req.ip);
    return { accepted: true };
  }

  @Get('oidc/login')
  @Public()
  @ApiOperation({ summary: 'Single sign-on: redirects to the identity provider; `returnTo` is the console page to open after' })
  @ApiResponse({ status: 302, description: 'to the provider' })
  @ApiErrors(404, 503)
  async oidcLogin(@Req() req: Request, @Res() res: Response, @Query('returnTo') returnTo?: string): Promise<void> {
    res.redirect(302, await this.oidc.begin(req, returnTo));
  }

  @Get('oidc/callback')
  @Public()
  @ApiOperation({ summary: 'Single sign-on: where the provider sends the browser back; signs in the person whose verified email matches' })
  @ApiResponse({ status: 302, description: 'to the console page asked for, or to the sign-in page with the reason' })
  @ApiErrors(400)
  async oidcCallback(@Req() req: Request, @Res() res: Response): Promise<void> {
    res.redirect(302, await this.oidc.finish(req));
  }
}
