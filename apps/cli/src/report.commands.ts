import { Command, InvalidArgumentError } from 'commander';
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type { EventStore } from '@app/event-store';
import type { AppConfig } from '@app/platform';
import { renderEditionFile, type EditionFormat, type ReportEdition } from '@app/projections';
import { CliError } from './cli-error';
import type { CliStore } from './open-store';

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

/** `report document <id> --format pdf|docx --out file` (publishing stays with the API: POST /reports/editions). */
export function registerReportCommands(program: Command, withStore: WithStore): void {
  const report = program.command('report').description('published report editions');
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
