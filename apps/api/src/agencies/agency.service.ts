import { Inject, Injectable } from '@nestjs/common';
import {
  AgencyState,
  DomainError,
  agencyCode,
  agencyDecider,
  agencyStreamId,
  parseChangeAgencyHead,
  parseRegisterAgency,
  parseSetActingHead,
} from '@app/domain';
import type { SqlDatabase } from '@app/event-store';
import { SQL_DATABASE } from '@app/platform';
import type { CommandRequest } from '../http/command-request';
import { CommandService } from '../http/command.service';
import { ApiError } from '../http/api-error';

const agencyFold = { initial: agencyDecider.initialState, evolve: agencyDecider.evolve };

export interface AgencyView {
  code: string;
  name: string;
  kind: string;
  head: { name: string; title: string; email: string; since?: string };
  actingHead: { name: string; title: string; email: string; from: string; to: string } | null;
}

@Injectable()
export class AgencyService {
  constructor(
    private readonly commands: CommandService,
    @Inject(SQL_DATABASE) private readonly db: SqlDatabase,
  ) {}

  async register(request: CommandRequest) {
    // An unusable code reads an empty stream first; the parser then names every bad field.
    const code = typeof request.body.code === 'string' ? request.body.code : '';
    const outcome = await this.commands.run(agencyStreamId(code), agencyFold, request, {
      // A taken code is a 409 whatever else the body holds: the client has nothing to fix in it.
      refuseFirst: (state) => {
        if (state.exists) throw DomainError.conflict('duplicate_agency', `agency ${state.code} already exists`);
      },
      parse: parseRegisterAgency,
      decide: (command, state) => agencyDecider.decide(command, state),
    });
    return { ...view(outcome.state), version: outcome.version, position: outcome.position };
  }

  async changeHead(code: string, request: CommandRequest) {
    const outcome = await this.commands.run(agencyStreamId(this.knownCode(code)), agencyFold, request, {
      parse: parseChangeAgencyHead,
      decide: (command, state) => agencyDecider.decide(command, state),
    });
    return { ...view(outcome.state), version: outcome.version, position: outcome.position };
  }

  /** Someone acts for the head over a period: escalations meant for the head go to them then. */
  async setActingHead(code: string, request: CommandRequest) {
    const outcome = await this.commands.run(agencyStreamId(this.knownCode(code)), agencyFold, request, {
      parse: parseSetActingHead,
      decide: (command, state) => agencyDecider.decide(command, state),
    });
    return { ...view(outcome.state), version: outcome.version, position: outcome.position };
  }

  /**
   * Which of these (normalised) codes name a registered agency: one read-model query for all,
   * then the stream of each code the read model does not know yet, since a task may name an
   * agency registered a moment ago.
   */
  async registered(codes: string[]): Promise<Set<string>> {
    const unique = [...new Set(codes)];
    if (unique.length === 0) return new Set();
    const { rows } = await this.db.query<{ code: string }>(`SELECT code FROM rm_agencies WHERE code = ANY($1::text[])`, [unique]);
    const known = new Set(rows.map((r) => r.code));
    for (const code of unique) {
      if (!known.has(code) && (await this.commands.store.streamVersion(agencyStreamId(code))) > 0) known.add(code);
    }
    return known;
  }

  /** A code from a URL: anything that cannot be an agency code is simply not found. */
  knownCode(code: string): string {
    try {
      return agencyCode(code, 'code');
    } catch {
      throw ApiError.notFound('agency');
    }
  }

  async list(): Promise<AgencyView[]> {
    const { rows } = await this.db.query(`SELECT * FROM rm_agencies ORDER BY code`);
    return rows.map(rowView);
  }

  async get(code: string): Promise<AgencyView> {
    const { rows } = await this.db.query(`SELECT * FROM rm_agencies WHERE code = $1`, [this.knownCode(code)]);
    if (!rows[0]) throw ApiError.notFound('agency');
    return rowView(rows[0]);
  }
}

function view(state: AgencyState): AgencyView {
  return {
    code: state.code!,
    name: state.name!,
    kind: state.kind!,
    head: state.head!,
    actingHead: state.actingHead ? { ...state.actingHead.head, from: state.actingHead.from, to: state.actingHead.to } : null,
  };
}

function rowView(r: any): AgencyView {
  return {
    code: r.code,
    name: r.name,
    kind: r.kind,
    head: { name: r.head_name, title: r.head_title, email: r.head_email, since: r.head_since.toISOString() },
    actingHead: r.acting_email
      ? { name: r.acting_name, title: r.acting_title, email: r.acting_email, from: r.acting_from, to: r.acting_to }
      : null,
  };
}
