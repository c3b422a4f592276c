import { Injectable } from '@nestjs/common';
import { DomainError, type Language, localizeError, parseInvitePerson } from '@app/domain';
import { parsePeopleFile, type PeopleRow } from '@app/platform/import';
import type { Actor } from '../auth/actor';
import { SignInService } from '../auth/people/sign-in.service';
import { PeopleService } from './people.service';

export interface PeopleImportError {
  row: number;
  field: string;
  message: string;
  column: string | null;
}

export interface PeopleImportResult {
  /** people invited (or that would be, on a dry run) */
  created: number;
  /** rows whose email already belongs to someone in the directory: nothing done for them */
  unchanged: number;
  errors: PeopleImportError[];
  dryRun: boolean;
  /** pass as minPosition to read the invited people (null when nobody was invited) */
  position: number | null;
  /** each good row as it would be invited, for the console's preview */
  people: { row: number; name: string; email: string; agency: string | null; roles: string[]; status: 'new' | 'exists' }[];
}

/**
 * The people of a spreadsheet invited at once (issue 13): every row checked as `POST /users`
 * checks one body (and its agency, and emails repeated in the file), every bad row named by
 * line, field and column; nothing is done unless all rows are good or `partial`. A row whose
 * email is already in the directory is left alone, so importing the same file twice invites
 * nobody twice. Each new person gets their invitation letter.
 */
@Injectable()
export class PeopleImport {
  constructor(
    private readonly people: PeopleService,
    private readonly signIn: SignInService,
  ) {}

  async run(
    file: { buffer: Buffer; originalname: string },
    actor: Actor,
    options: { dryRun: boolean; partial: boolean; language: Language },
  ): Promise<PeopleImportResult> {
    const parsed = await parsePeopleFile(file.buffer, file.originalname || 'people');
    const result: PeopleImportResult = { created: 0, unchanged: 0, errors: [], dryRun: options.dryRun, position: null, people: [] };
    const say = (row: number, field: string, message: string, column: string | null) => {
      const [localized] = localizeError({ code: 'validation_failed', message, details: [{ field, message }] }, options.language).details;
      result.errors.push({ row, field, message: localized.message, column });
    };
    for (const issue of parsed.issues) say(issue.line, issue.field, issue.message, null);
    if (parsed.rows.length === 0 && parsed.issues.length === 0) say(1, 'file', 'has no rows of people under its header', null);

    const good: PeopleRow[] = [];
    const seen = new Map<string, number>();
    for (const row of parsed.rows) {
      const before = result.errors.length;
      try {
        const { data } = parseInvitePerson(row.body, '00000000-0000-4000-8000-000000000000');
        const email = data.email.toLowerCase();
        const first = seen.get(email);
        if (first !== undefined) say(row.line, 'email', `is on line ${first} too`, row.columns.email ?? null);
        else seen.set(email, row.line);
        if (data.agency !== null && !(await this.people.agencyExists(data.agency)))
          say(row.line, 'agency', 'is not a registered agency code', row.columns.agency ?? null);
        if (result.errors.length > before) continue;
        const existing = await this.people.byEmail(email);
        result.people.push({
          row: row.line,
          name: data.name,
          email: data.email,
          agency: data.agency,
          roles: data.roles,
          status: existing ? 'exists' : 'new',
        });
        if (existing) result.unchanged++;
        else good.push(row);
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        for (const d of error.details.length ? error.details : [{ field: 'row', message: error.message }])
          say(row.line, d.field, d.message, row.columns[d.field as keyof PeopleRow['columns']] ?? null);
      }
    }
    if (options.dryRun || (result.errors.length > 0 && !options.partial)) {
      result.created = options.dryRun && (result.errors.length === 0 || options.partial) ? good.length : 0;
      return result;
    }
    for (const row of good) {
      const created = await this.people.invite({ actor, body: row.body, fingerprint: ['import', row.body] });
      if (created.status === 'invited') await this.signIn.sendLink(created, 'invitation');
      result.created++;
      result.position = Math.max(result.position ?? 0, created.position);
    }
    return result;
  }
}
