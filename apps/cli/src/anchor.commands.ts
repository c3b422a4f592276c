import type { Command } from 'commander';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { systemClock } from '@app/domain';
import { generateAnchorKeyPair } from '@app/event-store';
import { AnchorError, Anchoring, type AnchoredVerifyResult, type AppConfig, parseAnchorLines } from '@app/platform';
import { CliError, type Output } from './cli-error';
import type { CliStore } from './open-store';

type WithStore = (run: (store: CliStore, config: AppConfig) => Promise<number>) => Promise<void>;

/** `anchor keygen | create | public-key`: anchors outside the database (architecture.md "Anchors"). */
export function registerAnchorCommands(program: Command, withStore: WithStore): void {
  const anchor = program.command('anchor').description('signed anchors of the whole history, kept outside the database');
  anchor
    .command('keygen')
    .description('write a new Ed25519 key pair: anchor.key (secret: ANCHOR_KEY_FILE) and anchor.pub (publish it to the auditors)')
    .requiredOption('--out <dir>', 'directory for anchor.key and anchor.pub')
    .action((opts: { out: string }) => {
      const dir = path.resolve(opts.out);
      const keyFile = path.join(dir, 'anchor.key');
      if (existsSync(keyFile))
        throw new CliError(`${keyFile} exists: refusing to replace an anchor key (anchors signed with it would no longer check)`);
      const pair = generateAnchorKeyPair();
      mkdirSync(dir, { recursive: true });
      writeFileSync(keyFile, pair.privateKeyPem, { mode: 0o600 });
      writeFileSync(path.join(dir, 'anchor.pub'), pair.publicKeyPem);
      process.stdout.write(
        `wrote ${keyFile} (keep it off the database server's backups; set ANCHOR_KEY_FILE) and ${path.join(dir, 'anchor.pub')}\n`,
      );
    });
  anchor
    .command('create')
    .description('anchor the history now and append the anchor to ANCHOR_FILE')
    .action(() =>
      withStore(async ({ db, store }, config) => {
        const anchoring = new Anchoring(db, store, config, systemClock);
        const created = await orCliError(() => anchoring.create());
        process.stdout.write(
          `anchored ${created.events} events in ${created.streams} streams up to position ${created.feed.position}: root ${created.root}\nappended to ${anchoring.file}\n`,
        );
        return 0;
      }),
    );
  anchor
    .command('public-key')
    .description('print the public key that checks the anchors')
    .action(() =>
      withStore(async ({ db, store }, config) => {
        const pem = new Anchoring(db, store, config, systemClock).publicKeyPem();
        if (!pem) throw new CliError('no anchor key: set ANCHOR_KEY_FILE, ANCHOR_PRIVATE_KEY or ANCHOR_PUBLIC_KEY_FILE');
        process.stdout.write(pem);
        return 0;
      }),
    );
}

/** Reads anchors given to `verify --anchors` (the engine's file, or what an auditor kept). */
export function readAnchorsFile(file: string): ReturnType<typeof parseAnchorLines> {
  try {
    return parseAnchorLines(readFileSync(path.resolve(file), 'utf8'));
  } catch (error) {
    throw new CliError(`--anchors ${file}: ${(error as NodeJS.ErrnoException).code ?? 'not anchors as JSON lines or an array'}`);
  }
}

export async function orCliError<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof AnchorError) throw new CliError(error.message);
    throw error;
  }
}

export function printAnchorVerdicts(result: AnchoredVerifyResult, output: Output): void {
  for (const verdict of result.anchors) {
    output.write(`anchor of ${verdict.createdAt} (up to position ${verdict.position}): ${verdict.ok ? 'holds' : 'DOES NOT HOLD'}\n`);
    for (const f of verdict.failures) output.write(`  stream ${f.streamId}  version ${f.version}  position ${f.position}: ${f.reason}\n`);
  }
  output.write(`not proven: ${result.notCovered}\n`);
}
