import { readFileSync, writeFileSync } from 'node:fs';
import { DEFAULT_TIME_ZONE } from '@app/domain';
import type { EventStore, SqlDatabase } from '@app/event-store';
import { SimulatedNotice, loadEnabledRules, parseSimulationInput, simulateNotices } from '@app/escalation';
import { CheckpointMovedError, Projector } from '@app/projections';
import { allReadModels } from '@app/runtime';
import { CliError, type Output } from './cli-error';
import { toCsv } from './export-csv';

export interface SimulateOptions {
  from: string;
  to: string;
  /** a JSON file of unsaved rules (`[...]` or `{rules: [...]}`) to try instead of the saved ones */
  rulesFile?: string;
  /** write the notices as CSV there instead of a table on the output */
  out?: string;
  json?: boolean;
  timeZone?: string;
  now?: () => Date;
}

/**
 * `simulate --from --to`: the dry-run of POST /reminder-rules/simulate from the command line —
 * every notice the saved, enabled rules (or the rules in --rules) would send to open tasks in
 * the window, sending and appending nothing. The read models are caught up first.
 */
export async function simulateCommand(
  db: SqlDatabase,
  store: EventStore,
  output: Output,
  options: SimulateOptions,
): Promise<SimulatedNotice[]> {
  const timeZone = options.timeZone ?? DEFAULT_TIME_ZONE;
  let rules: unknown;
  if (options.rulesFile) {
    try {
      const json = JSON.parse(readFileSync(options.rulesFile, 'utf8')) as unknown;
      rules = Array.isArray(json) ? json : (json as { rules?: unknown })?.rules;
    } catch (error) {
      throw new CliError(`--rules: cannot read ${options.rulesFile} as JSON (${(error as Error).message})`);
    }
  }
  const input = parseSimulationInput({ from: options.from, to: options.to, ...(rules !== undefined ? { rules } : {}) }, timeZone);
  try {
    await new Projector(store, db, allReadModels(timeZone)).catchUp();
  } catch (error) {
    if (!(error instanceof CheckpointMovedError)) throw error;
  }
  const notices = await simulateNotices(db, input, { timeZone, now: (options.now ?? (() => new Date()))() });
  const recipients = (n: SimulatedNotice) => n.recipients.map((r) => `${r.email} (${r.as})`).join('; ');
  if (options.out) {
    const rows = notices.map((n) => [
      n.fireAt,
      n.taskCode,
      n.ruleId,
      n.level,
      n.digest ? 'yes' : 'no',
      n.catchUp ? 'yes' : 'no',
      recipients(n),
    ]);
    try {
      writeFileSync(options.out, toCsv(['Thời điểm gửi', 'Mã nhiệm vụ', 'Quy tắc', 'Cấp', 'Gộp', 'Gửi bù', 'Người nhận'], rows), 'utf8');
    } catch (error) {
      throw new CliError(`cannot write ${options.out}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
    }
    output.write(`${notices.length} notice${notices.length === 1 ? '' : 's'} would be sent; written to ${options.out}\n`);
  } else if (options.json) {
    output.write(`${JSON.stringify({ notices }, null, 2)}\n`);
  } else {
    for (const n of notices) {
      output.write(
        `${n.fireAt}  ${n.taskCode}  ${n.ruleId}  level ${n.level}${n.catchUp ? '  (catch-up)' : ''}  → ${recipients(n) || '(no recipient)'}\n`,
      );
    }
    output.write(
      `${notices.length} notice${notices.length === 1 ? '' : 's'} would be sent between ${options.from} and ${options.to}; nothing was sent\n`,
    );
    if (input.rules === null && (await loadEnabledRules(db)).length === 0) {
      output.write(
        '(no enabled rule is saved: the engine creates the default rules at its first start; try --rules config/rules/default-rules.json)\n',
      );
    }
  }
  return notices;
}
