import { Command, InvalidArgumentError } from 'commander';
import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { DomainError, agencyCode, formatInZone, parseInstant } from '@app/domain';
import { expect as expectVersion, type EventStore, type SqlDatabase } from '@app/event-store';
import type { AppConfig } from '@app/platform';
import {
  EDITION_EVENT,
  ReportEvaluator,
  compileEdition,
  editionStreamId,
  listEditions,
  renderEditionFile,
  type EditionFormat,
  type ReportEdition,
} from '@app/projections';
import { CliError } from './cli-error';
import { catchUpReadModels } from './export.command';
import type { CliStore } from './open-store';

export interface PublishOptions {
  title: string;
  number?: string;
  asOf?: string;
  source?: string;
  agency?: string;
  /** who publishes, as the edition records it */
  by?: string;
  now?: () => Date;
}

/**
 * `report publish`: the edition the API's POST /reports/editions publishes, from the command
 * line (an operator's monthly run, a script): the read models catch up first, then the same
 * compileEdition, appended as one ReportEditionPublished in a new stream.
 */
export async function publishEdition(
  db: SqlDatabase,
  store: EventStore,
  config: Pick<AppConfig, 'DUE_SOON_DAYS' | 'DEADLINE_TIMEZONE'>,
  opts: PublishOptions,
): Promise<ReportEdition & { position: number }> {
  const timeZone = config.DEADLINE_TIMEZONE;
  const now = (opts.now ?? (() => new Date()))();
  let asOf = now;
  let agency: string | null = null;
  try {
    if (opts.asOf) asOf = parseInstant(opts.asOf, '--as-of', timeZone);
    if (opts.agency) agency = agencyCode(opts.agency, '--agency');
  } catch (error) {
    if (error instanceof DomainError) throw new CliError(error.message);
    throw error;
  }
  if (asOf.getTime() > now.getTime()) throw new CliError('--as-of: must not be in the future');
  if (!opts.title.trim()) throw new CliError('--title: is required');
  await catchUpReadModels(db, store, timeZone);
  if (agency && (await db.query('SELECT 1 FROM rm_agencies WHERE code = $1', [agency])).rows.length === 0) {
    throw new CliError(`--agency: ${agency} is not a registered agency code`);
  }
  const rules = { dueSoonDays: config.DUE_SOON_DAYS, timeZone };
  const id = randomUUID();
  const scope = { title: opts.title.trim(), number: opts.number ?? null, asOf, knownAt: null, source: opts.source ?? null, agency };
  const by = opts.by ?? 'CLI';
  const edition = await compileEdition({ db, store, evaluator: new ReportEvaluator(db, store, rules), rules }, id, scope, now, by);
  const appended = await store.append(
    editionStreamId(id),
    [
      {
        type: EDITION_EVENT,
        data: edition as unknown as Record<string, unknown>,
        occurredAt: now,
        metadata: { actor: { name: by, role: 'coordinator' } },
      },
    ],
    { expectedVersion: expectVersion.noStream() },
  );
  return { ...edition, position: appended.position };
}

type WithStore = (run: (store: CliStore, config: AppConfig) => Promise<number>) => Promise<void>;

/**
 * Writes the official report (Decree 30 layout) of a published edition to a file: the edition
 * is read from its own stream (`edition-<id>`, one ReportEditionPublished event), so the file
 * carries exactly what the API's /reports/editions/{id}/document.* serves.
 */
export async function writeEditionDocument(
  store: EventStore,
  config: Pick<AppConfig, 'MAIL_OFFICE_NAME' | 'MAIL_OFFICE_SIGNER' | 'DEADLINE_TIMEZONE'>,
  id: string,
  format: EditionFormat,
  out: string,
): Promise<{ file: string; bytes: number }> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) throw new CliError(`${id}: not an edition id (a uuid, as GET /reports/editions lists them)`);
  const [published] = await store.readStream(`edition-${id.toLowerCase()}`);
  if (!published) throw new CliError(`no edition ${id}`);
  const { file } = await renderEditionFile(published.data as unknown as ReportEdition, format, {
    office: config.MAIL_OFFICE_NAME,
    signer: config.MAIL_OFFICE_SIGNER,
    timeZone: config.DEADLINE_TIMEZONE,
  });
  const target = path.resolve(out);
  writeFileSync(target, file);
  return { file: target, bytes: file.length };
}

function format(value: string): EditionFormat {
  if (value !== 'pdf' && value !== 'docx') throw new InvalidArgumentError('pdf or docx');
  return value;
}

/** `report publish`, `report editions`, `report document <id> --format pdf|docx --out file`. */
export function registerReportCommands(program: Command, withStore: WithStore): void {
  const report = program.command('report').description('published report editions');
  report
    .command('publish')
    .description('publish an edition of the report (figures, ranking, overdue and at-risk lists, chain head), frozen for good')
    .requiredOption('--title <title>', 'the edition\'s title, e.g. "Báo cáo tình hình thực hiện nhiệm vụ tháng 11/2026"')
    .option('--number <number>', 'number and symbol, e.g. 15/BC-VPCP')
    .option('--as-of <time>', 'business time of the figures (2026-11-25 or ISO-8601 with offset; default now)')
    .option('--source <ref>', 'only tasks of this source document, e.g. 71/NQ-CP')
    .option('--agency <code>', 'only tasks this agency leads')
    .option('--by <name>', 'who publishes, as the edition records it', 'CLI')
    .action((opts: PublishOptions) =>
      withStore(async ({ db, store }, config) => {
        const e = await publishEdition(db, store, config, opts);
        const f = e.figures as unknown as Record<string, number>;
        process.stdout.write(
          `published edition ${e.id} "${e.title}" as of ${e.asOf}: ${f.total} tasks, ${f.completed} completed, ${f.overdue} overdue, ${f.atRisk ?? 0} at risk; chain head ${e.chainHead.root}\n`,
        );
        return 0;
      }),
    );
  report
    .command('editions')
    .description('list the published editions, newest first')
    .action(() =>
      withStore(async ({ store }, config) => {
        for (const e of await listEditions(store)) {
          const published = formatInZone(new Date(e.publishedAt), config.DEADLINE_TIMEZONE).slice(0, 16).replace('T', ' ');
          process.stdout.write(`${e.id}  ${e.asOf.slice(0, 10)}  ${published}  ${e.number ?? '-'}  ${e.title}\n`);
        }
        return 0;
      }),
    );
  report
    .command('document')
    .description("write a published edition's official report (Decree 30/2020 layout) as PDF or DOCX")
    .argument('<editionId>', 'edition id (uuid)')
    .option('--format <format>', 'pdf or docx', format, 'pdf')
    .requiredOption('--out <file>', 'where to write it')
    .action((id: string, opts: { format: EditionFormat; out: string }) =>
      withStore(async ({ store }, config) => {
        const written = await writeEditionDocument(store, config, id, opts.format, opts.out);
        process.stdout.write(`wrote ${written.file} (${written.bytes} bytes)\n`);
        return 0;
      }),
    );
}
