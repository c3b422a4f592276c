import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Post, Put, Req } from '@nestjs/common';
import { ApiBody, ApiOkResponse, ApiOperation, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { CLOCK, Clock, DomainError, formatInZone, objectInput } from '@app/domain';
import type { SqlDatabase } from '@app/event-store';
import { APP_CONFIG, AppConfig, SQL_DATABASE } from '@app/platform';
import type { Actor } from './actor';
import { CurrentActor, OpenBeforeSecondFactor } from './auth.guard';
import { PersonalTokens } from './people/personal-tokens';
import { SecurityEvents } from './people/security-events';
import { SignInService } from './people/sign-in.service';
import { checkTotp, newTotpSecret, totpUri } from './totp/totp';
import { ApiError } from '../http/api-error';
import { ApiAuthenticated, ApiErrors } from '../openapi/api-errors';
import { PeopleService } from '../people/people.service';
import {
  AbsenceBody,
  Accepted,
  CreatedToken,
  Me,
  PersonalToken,
  TokenBody,
  TotpConfirmBody,
  TotpEnrolment,
  UserCommandAnswer,
} from '../people/people.schemas';
import { commandRequest } from '../http/command-request';

/** The caller themself: who they are, their personal access tokens, their second factor. */
@ApiTags('sign-in')
@ApiAuthenticated()
@Controller('me')
export class MeController {
  constructor(
    private readonly people: PeopleService,
    private readonly signIn: SignInService,
    private readonly tokens: PersonalTokens,
    private readonly security: SecurityEvents,
    @Inject(SQL_DATABASE) private readonly db: SqlDatabase,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get()
  @OpenBeforeSecondFactor()
  @ApiOperation({ summary: 'Who is calling: the signed-in person (with the CSRF token of the session), or the token' })
  @ApiOkResponse({ type: Me })
  async me(@CurrentActor() actor: Actor, @Req() req: Request): Promise<Me> {
    const csrfToken = req.headers.authorization === undefined ? (req.session?.csrfToken ?? null) : null;
    if (!actor.personId) {
      return {
        id: actor.id,
        email: '',
        name: actor.name,
        title: null,
        phone: null,
        agency: actor.agency ?? null,
        roles: actor.roles,
        focalPoint: false,
        language: actor.language ?? 'vi',
        status: 'active',
        csrfToken,
        totp: false,
        totpEnrolmentRequired: false,
      };
    }
    const person = await this.people.get(actor.personId);
    const totp = await this.signIn.totpOf(actor.personId);
    return { ...person, csrfToken, totp: !!totp?.confirmed, totpEnrolmentRequired: !!req.session?.totpEnrolmentRequired };
  }

  @Put('absence')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Name who stands in while you are away (or end it with {absence: null}): your reminders and escalations go to them then',
  })
  @ApiBody({ type: AbsenceBody })
  @ApiOkResponse({ type: UserCommandAnswer })
  @ApiErrors(400, 403)
  async setAbsence(@Body() body: unknown, @CurrentActor() actor: Actor, @Req() req: Request) {
    if (!actor.personId) throw ApiError.forbidden('only a signed-in person has an absence to record');
    return this.people.setAbsence(actor.personId, commandRequest(req, actor, body));
  }

  @Post('tokens')
  @ApiOperation({ summary: 'Make a personal access token for a script: it carries your rights; shown once' })
  @ApiBody({ type: TokenBody })
  @ApiResponse({ status: 201, type: CreatedToken })
  @ApiErrors(403)
  async createToken(@CurrentActor() actor: Actor, @Body() body: unknown) {
    const created = await this.tokens.create(this.person(actor), objectInput(body));
    return { ...created, expiresAt: this.fmt(created.expiresAt) };
  }

  @Get('tokens')
  @ApiOperation({ summary: 'Your personal access tokens (never the tokens themselves)' })
  @ApiOkResponse({ type: [PersonalToken] })
  @ApiErrors(403)
  async listTokens(@CurrentActor() actor: Actor) {
    const list = await this.tokens.list(this.person(actor));
    return list.map((t) => ({
      ...t,
      createdAt: this.fmt(t.createdAt),
      expiresAt: this.fmt(t.expiresAt),
      revokedAt: t.revokedAt ? this.fmt(t.revokedAt) : null,
      lastUsedAt: t.lastUsedAt ? this.fmt(t.lastUsedAt) : null,
    }));
  }

  @Delete('tokens/:id')
  @ApiOperation({ summary: 'Revoke a personal access token: it gets 401 from now on' })
  @ApiParam({ name: 'id', schema: { type: 'string', format: 'uuid' } })
  @ApiOkResponse({ type: Accepted })
  @ApiErrors(403, 404)
  async revokeToken(@CurrentActor() actor: Actor, @Param('id') id: string): Promise<Accepted> {
    await this.tokens.revoke(this.person(actor), id);
    return { accepted: true };
  }

  @Post('totp')
  @OpenBeforeSecondFactor()
  @ApiOperation({ summary: 'Begin setting up the second factor: a secret for the authenticator app (confirm with a code)' })
  @ApiResponse({ status: 201, type: TotpEnrolment })
  @ApiErrors(403, 409)
  async beginTotp(@CurrentActor() actor: Actor): Promise<TotpEnrolment> {
    const personId = this.person(actor);
    const existing = await this.signIn.totpOf(personId);
    if (existing?.confirmed) throw ApiError.conflict('totp_enrolled', 'a second factor is set up already: remove it first');
    const secret = newTotpSecret();
    await this.signIn.beginTotp(personId, secret);
    const person = await this.people.get(personId);
    return { secret, uri: totpUri(secret, person.email, this.config.MAIL_OFFICE_NAME ?? 'Theo dõi nhiệm vụ') };
  }

  @Post('totp/confirm')
  @HttpCode(200)
  @OpenBeforeSecondFactor()
  @ApiOperation({ summary: 'Finish setting up the second factor with a code the app shows' })
  @ApiBody({ type: TotpConfirmBody })
  @ApiOkResponse({ type: Accepted })
  @ApiErrors(403, 409)
  async confirmTotp(@CurrentActor() actor: Actor, @Body() body: unknown, @Req() req: Request): Promise<Accepted> {
    const personId = this.person(actor);
    const pending = await this.signIn.totpOf(personId);
    if (!pending || pending.confirmed) throw ApiError.conflict('no_totp_enrolment', 'begin with POST /me/totp');
    const code = objectInput(body).code;
    const check = checkTotp(pending.secret, typeof code === 'string' ? code : '', this.clock.now());
    if (!check.ok) throw DomainError.invalid('code', 'is wrong or already used');
    await this.db.query(`UPDATE auth_totp SET confirmed_at = $2, last_step = $3 WHERE person_id = $1`, [
      personId,
      this.clock.now(),
      check.step,
    ]);
    if (req.session?.totpEnrolmentRequired) req.session.totpEnrolmentRequired = false;
    await this.security.record('totp_enrolled', { personId, address: req.ip });
    return { accepted: true };
  }

  @Delete('totp')
  @ApiOperation({ summary: 'Remove the second factor (refused when one of your roles requires it)' })
  @ApiOkResponse({ type: Accepted })
  @ApiErrors(403)
  async removeTotp(@CurrentActor() actor: Actor, @Req() req: Request): Promise<Accepted> {
    const personId = this.person(actor);
    if (actor.roles.some((r) => this.config.TOTP_REQUIRED_ROLES.includes(r)))
      throw ApiError.forbidden('your role requires a second factor');
    await this.db.query(`DELETE FROM auth_totp WHERE person_id = $1`, [personId]);
    await this.security.record('totp_removed', { personId, address: req.ip });
    return { accepted: true };
  }

  private person(actor: Actor): string {
    if (!actor.personId) throw ApiError.forbidden('sign in as a person (configured tokens have no personal settings)');
    return actor.personId;
  }

  private fmt(date: Date): string {
    return formatInZone(date, this.config.DEADLINE_TIMEZONE);
  }
}
