import { Body, Controller, Get, HttpCode, HttpStatus, Inject, Param, Post, Req, Res, applyDecorators } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { ApiExtraModels, ApiOperation, ApiParam, ApiResponse, ApiTags, getSchemaPath } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { CLOCK, Clock, formatInZone, objectInput } from '@app/domain';
import { AckLetter, AckRefusal, AcknowledgementRefused, Acknowledgements, acknowledgementSecret } from '@app/escalation';
import { EVENT_STORE, EventStore } from '@app/event-store';
import { APP_CONFIG, AppConfig } from '@app/platform';
import { EVENTS_APPENDED } from '@app/runtime';
import { Public } from '../auth/auth.guard';
import { ApiError } from '../http/api-error';
import { ApiErrors } from '../openapi/api-errors';
import { ErrorEnvelope } from '../openapi/error-envelope';
import { AcknowledgementLetter, AcknowledgementRecorded } from '../notifications/notification.schemas';
import { confirmedPage, letterPage, refusedPage } from './acknowledgement-pages';

/** Each refusal: its status, stable code and message (English; the catalogue renders Vietnamese). */
const REFUSALS: Record<AckRefusal, { status: HttpStatus; code: string; message: string }> = {
  invalid: {
    status: HttpStatus.BAD_REQUEST,
    code: 'acknowledgement_invalid',
    message: 'this acknowledgement link is not valid: it was altered, or the engine did not make it',
  },
  unknown: { status: HttpStatus.NOT_FOUND, code: 'not_found', message: 'no letter of this acknowledgement link was found' },
  used: { status: HttpStatus.CONFLICT, code: 'acknowledgement_used', message: 'receipt of this letter was acknowledged already' },
  expired: { status: HttpStatus.GONE, code: 'acknowledgement_expired', message: 'this acknowledgement link has expired' },
};

const HTML = { 'text/html': { schema: { type: 'string' } } };

/** An answer as JSON (API clients) or as a page (a browser following the letter's link). */
const JsonOrPage = (status: number, description: string, model: new () => unknown) =>
  ApiResponse({ status, description, content: { 'application/json': { schema: { $ref: getSchemaPath(model) } }, ...HTML } });

/** The refusals a link can meet, each as the error envelope or as a page. */
const LinkRefusals = () =>
  applyDecorators(
    ...(Object.values(REFUSALS).map(({ status, message }) =>
      ApiResponse({
        status,
        description: message,
        content: { 'application/json': { schema: { $ref: getSchemaPath(ErrorEnvelope) } }, ...HTML },
      }),
    ) as MethodDecorator[]),
    ApiErrors(413, 429, 503),
  );

const TokenParam = () =>
  ApiParam({ name: 'token', description: "the signed token of the letter's link", schema: { type: 'string', maxLength: 1024 } });

/**
 * The acknowledgement link of an escalation letter (api.md "Notifications"): no sign-in; the
 * signed token is the credential. GET shows the letter and a button, POST records
 * NoticeAcknowledged. A browser (Accept: text/html) gets small Vietnamese pages, an API client
 * JSON; a used, expired or forged link is a 409, 410 or 400 (404 when it names no letter), and
 * nothing is recorded.
 */
@ApiTags('notifications')
@ApiExtraModels(AcknowledgementLetter, AcknowledgementRecorded, ErrorEnvelope)
@Controller('acknowledgements')
export class AcknowledgementsController {
  private readonly acknowledgements: Acknowledgements;

  constructor(
    @Inject(EVENT_STORE) store: EventStore,
    @Inject(CLOCK) clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    emitter: EventEmitter2,
  ) {
    this.acknowledgements = new Acknowledgements({
      store,
      clock,
      secret: acknowledgementSecret(config),
      onAppended: (position) => emitter.emit(EVENTS_APPENDED, position),
    });
  }

  @Get(':token')
  @Public()
  @TokenParam()
  @ApiOperation({ summary: 'An acknowledgement link: the letter it confirms, with the button (a page) or as JSON; records nothing' })
  @JsonOrPage(200, 'the letter, not yet acknowledged', AcknowledgementLetter)
  @LinkRefusals()
  async show(@Param('token') token: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    await this.answer(req, res, async () => {
      const letter = await this.acknowledgements.inspect(token);
      return { json: letter, page: () => letterPage(this.view(letter)) };
    });
  }

  @Post(':token')
  @Public()
  @HttpCode(200)
  @TokenParam()
  @ApiOperation({ summary: 'Confirm receipt of the letter: records NoticeAcknowledged once; the link then answers 409' })
  @JsonOrPage(200, 'recorded', AcknowledgementRecorded)
  @LinkRefusals()
  async confirm(@Param('token') token: string, @Body() body: unknown, @Req() req: Request, @Res() res: Response): Promise<void> {
    // nothing to send: the button's form has no field (it arrives unparsed), a client may send {}
    objectInput(body ?? {});
    await this.answer(req, res, async () => {
      const confirmed = await this.acknowledgements.confirm(token);
      return { json: confirmed, page: () => confirmedPage(this.view(confirmed)) };
    });
  }

  private async answer(req: Request, res: Response, work: () => Promise<{ json: AckLetter; page: () => string }>): Promise<void> {
    const wantsPage = req.accepts(['application/json', 'text/html']) === 'text/html';
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('X-Robots-Tag', 'noindex');
    try {
      const { json, page } = await work();
      if (wantsPage) res.status(200).type('html').send(page());
      else res.status(200).json(this.instants(json));
    } catch (error) {
      if (!(error instanceof AcknowledgementRefused)) throw error;
      const refusal = REFUSALS[error.reason];
      if (wantsPage) {
        res
          .status(refusal.status)
          .type('html')
          .send(refusedPage(error.reason, error.letter ? this.view(error.letter) : null));
        return;
      }
      throw new ApiError(refusal.status, refusal.code, refusal.message);
    }
  }

  /** Instants with the offset of the deadline zone, as every answer of the API. */
  private instants<T extends AckLetter>(letter: T): T {
    const zone = this.config.DEADLINE_TIMEZONE;
    return {
      ...letter,
      fireAt: formatInZone(new Date(letter.fireAt), zone),
      expiresAt: formatInZone(new Date(letter.expiresAt), zone),
      acknowledgedAt: letter.acknowledgedAt ? formatInZone(new Date(letter.acknowledgedAt), zone) : null,
    };
  }

  private view(letter: AckLetter) {
    return { ...letter, timeZone: this.config.DEADLINE_TIMEZONE };
  }
}
