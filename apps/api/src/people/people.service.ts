import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import {
  DomainError,
  EmailClaimState,
  PersonProfile,
  PersonState,
  decideEmailClaim,
  decideEmailRelease,
  decidePerson,
  emailClaimStreamId,
  evolveEmailClaim,
  evolvePerson,
  initialEmailClaimState,
  initialPersonState,
  parseInvitePerson,
  parseSetAbsence,
  parseUpdatePerson,
  personStreamId,
  type Absence,
  uuidV5,
} from '@app/domain';
import { ConcurrencyError, expect as expectVersion, type SqlDatabase } from '@app/event-store';
import { SQL_DATABASE } from '@app/platform';
import type { Actor } from '../auth/actor';
import { ApiError } from '../http/api-error';
import type { CommandRequest } from '../http/command-request';
import { CommandService } from '../http/command.service';

const personFold = { initial: initialPersonState, evolve: (s: PersonState, e: any) => evolvePerson(s, e) };
/** Person ids made from an Idempotency-Key, so a retried POST /users lands on the same person. */
const PERSON_ID_NAMESPACE = 'a3d7c1e2-5b90-4f6e-8c1d-2f4b6a8e9d03';

export interface PersonView {
  id: string;
  email: string;
  name: string;
  title: string | null;
  phone: string | null;
  agency: string | null;
  roles: string[];
  focalPoint: boolean;
  language: string;
  status: string;
  absence: Absence | null;
}

/**
 * The directory of people (admins manage it): each person a stream of their own, an email held
 * by one person at a time through its claim stream, the list read from rm_people.
 */
@Injectable()
export class PeopleService {
  constructor(
    private readonly commands: CommandService,
    @Inject(SQL_DATABASE) private readonly db: SqlDatabase,
  ) {}

  async invite(input: CommandRequest): Promise<PersonView & { version: number; position: number }> {
    const request = atNow(input);
    this.commands.checkIdempotencyKey(request);
    const personId = request.idempotencyKey ? uuidV5(`${request.actor.id}/${request.idempotencyKey}`, PERSON_ID_NAMESPACE) : randomUUID();
    const command = parseInvitePerson(request.body, personId);
    await this.checkAgency(command.data.agency);
    await this.claimEmail(command.data.email, personId);
    const outcome = await this.commands.run(personStreamId(personId), personFold, request, {
      parse: (body) => parseInvitePerson(body, personId),
      decide: (c, state) => decidePerson(c, state),
    });
    return { ...view(outcome.state), version: outcome.version, position: outcome.position };
  }

  async update(id: string, input: CommandRequest) {
    const request = atNow(input);
    this.commands.checkIdempotencyKey(request);
    const current = await this.read(id);
    const command = parseUpdatePerson(request.body);
    await this.checkAgency(command.data.agency);
    if (command.data.email !== current.email) await this.claimEmail(command.data.email, id);
    const outcome = await this.commands.run(personStreamId(id), personFold, request, {
      authorize: (state) => {
        if (!state.exists) throw ApiError.notFound('person');
      },
      parse: parseUpdatePerson,
      decide: (c, state) => decidePerson(c, state),
    });
    if (command.data.email !== current.email && outcome.state.email === command.data.email)
      await this.releaseEmail(current.email as string, id);
    return { ...view(outcome.state), version: outcome.version, position: outcome.position };
  }

  async setStatus(id: string, request: CommandRequest, type: 'DisablePerson' | 'EnablePerson') {
    const outcome = await this.commands.run(personStreamId(this.knownId(id)), personFold, request, {
      authorize: (state) => {
        if (!state.exists) throw ApiError.notFound('person');
        if (type === 'DisablePerson' && state.personId === request.actor.personId)
          throw ApiError.conflict('own_account', 'you cannot disable yourself');
      },
      parse: (body) =>
        type === 'DisablePerson'
          ? { type, data: { reason: typeof body.reason === 'string' && body.reason.trim() ? body.reason.trim().slice(0, 500) : null } }
          : { type, data: {} as Record<string, never> },
      decide: (c, state) => decidePerson(c, state),
    });
    return { ...view(outcome.state), version: outcome.version, position: outcome.position };
  }

  /**
   * A person away names who stands in over a period (or ends it with `{absence: null}`): the
   * scanner then sends what is addressed to them to the substitute (api.md "Acting officials").
   */
  async setAbsence(id: string, input: CommandRequest) {
    const request = atNow(input);
    const current = await this.read(id);
    const outcome = await this.commands.run(personStreamId(this.knownId(id)), personFold, request, {
      authorize: (state) => {
        if (!state.exists) throw ApiError.notFound('person');
      },
      parse: (body) => parseSetAbsence(body, current.email ?? null),
      decide: (c, state) => decidePerson(c, state),
    });
    return { ...view(outcome.state), version: outcome.version, position: outcome.position };
  }

  /** Records the first sign-in made possible (password from an invitation, or single sign-on). */
  async activate(id: string, via: 'password' | 'oidc', actor: Actor): Promise<void> {
    await this.commands.run(
      personStreamId(id),
      personFold,
      { actor, body: {}, fingerprint: null },
      {
        parse: () => ({ type: 'ActivatePerson' as const, data: { via } }),
        decide: (c, state) => decidePerson(c, state),
      },
    );
  }

  /** The person as their stream says now (not the read model: sign-in must not act on a stale status). */
  async read(id: string): Promise<PersonState> {
    const events = await this.commands.store.readStream(personStreamId(this.knownId(id)));
    const state = events.reduce((s, e) => personFold.evolve(s, e), initialPersonState());
    if (!state.exists) throw ApiError.notFound('person');
    return state;
  }

  async list(filter: { agency?: string; status?: string } = {}): Promise<PersonView[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (filter.agency) where.push(`agency = $${params.push(filter.agency)}`);
    if (filter.status) where.push(`status = $${params.push(filter.status)}`);
    const { rows } = await this.db.query(
      `SELECT * FROM rm_people ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY agency NULLS FIRST, name, email`,
      params,
    );
    return rows.map(rowView);
  }

  async get(id: string): Promise<PersonView> {
    return view(await this.read(id));
  }

  /**
   * The person who signs in with this email (null when none), from the streams themselves: the
   * email's claim names the holder, whose stream says their status now. Sign-in never reads the
   * read models here, so a person disabled a moment ago is refused at once, and one invited or
   * activated a moment ago signs in, even while the projector lags.
   */
  async byEmail(email: string): Promise<PersonView | null> {
    const address = email.trim().toLowerCase();
    const claim = (await this.commands.store.readStream(emailClaimStreamId(address))).reduce(
      (s, e) => evolveEmailClaim(s, e as any),
      initialEmailClaimState(),
    );
    if (claim.holder === null) return null;
    const person = await this.byId(claim.holder);
    return person && person.email === address ? person : null;
  }

  /** The person as their stream says now (null when none): sessions and tokens check it on every request. */
  async byId(id: string): Promise<PersonView | null> {
    if (!isUuid(id)) return null;
    const events = await this.commands.store.readStream(personStreamId(id.toLowerCase()));
    const state = events.reduce((s, e) => personFold.evolve(s, e), initialPersonState());
    return state.exists ? view(state) : null;
  }

  knownId(id: string): string {
    if (!isUuid(id)) throw ApiError.notFound('person');
    return id.toLowerCase();
  }

  async agencyExists(agency: string): Promise<boolean> {
    const { rows } = await this.db.query(`SELECT 1 FROM rm_agencies WHERE code = $1`, [agency]);
    return rows.length > 0 || (await this.commands.store.streamVersion(`agency-${agency}`)) > 0;
  }

  private async checkAgency(agency: string | null): Promise<void> {
    if (agency === null) return;
    const { rows } = await this.db.query(`SELECT 1 FROM rm_agencies WHERE code = $1`, [agency]);
    if (rows.length === 0 && (await this.commands.store.streamVersion(`agency-${agency}`)) === 0) {
      throw DomainError.invalid('agency', 'is not a registered agency code');
    }
  }

  private async claimEmail(email: string, personId: string): Promise<void> {
    const streamId = emailClaimStreamId(email);
    const events = await this.commands.store.readStream(streamId);
    const state: EmailClaimState = events.reduce((s, e) => evolveEmailClaim(s, e as any), initialEmailClaimState());
    const holderExists = state.holder !== null && (await this.commands.store.streamVersion(personStreamId(state.holder))) > 0;
    const claim = decideEmailClaim(email, personId, state, holderExists);
    if (claim.length === 0) return;
    try {
      const now = this.commands.clock.now();
      await this.commands.store.append(
        streamId,
        claim.map((e) => ({ ...e, occurredAt: now })),
        {
          expectedVersion: state.version === 0 ? expectVersion.noStream() : expectVersion.exact(state.version),
          recordedAt: now,
        },
      );
    } catch (error) {
      if (error instanceof ConcurrencyError) {
        throw DomainError.conflict('duplicate_email', `${email} belongs to another person`);
      }
      throw error;
    }
  }

  private async releaseEmail(email: string, personId: string): Promise<void> {
    const streamId = emailClaimStreamId(email);
    const events = await this.commands.store.readStream(streamId);
    const state = events.reduce((s, e) => evolveEmailClaim(s, e as any), initialEmailClaimState());
    const release = decideEmailRelease(email, personId, state);
    const now = this.commands.clock.now();
    if (release.length) {
      await this.commands.store.append(
        streamId,
        release.map((e) => ({ ...e, occurredAt: now })),
        { expectedVersion: expectVersion.exact(state.version), recordedAt: now },
      );
    }
  }
}

/**
 * The directory is not backdated: a person exists from when an admin added them. Dropping
 * occurredAt also keeps a 400 on it from coming after the email claim was appended.
 */
function atNow(request: CommandRequest): CommandRequest {
  const { occurredAt: _ignored, ...body } = request.body;
  return { ...request, body };
}

function isUuid(id: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id);
}

export function view(s: PersonState): PersonView {
  return {
    id: s.personId as string,
    email: s.email as string,
    name: s.name as string,
    title: s.title ?? null,
    phone: s.phone ?? null,
    agency: s.agency ?? null,
    roles: s.roles ?? [],
    focalPoint: s.focalPoint ?? false,
    language: s.language ?? 'vi',
    status: s.status,
    absence: s.absence ?? null,
  };
}

function rowView(r: any): PersonView {
  return {
    id: r.person_id,
    email: r.email,
    name: r.name,
    title: r.title,
    phone: r.phone,
    agency: r.agency,
    roles: r.roles,
    focalPoint: r.focal_point,
    language: r.language,
    status: r.status,
    absence: r.substitute_email
      ? { from: r.absent_from, to: r.absent_to, substitute: { name: r.substitute_name, email: r.substitute_email } }
      : null,
  };
}

export type { PersonProfile };
