import { Command, Option } from 'commander';
import { createHash, randomBytes } from 'node:crypto';
import { CliError, Output } from './cli-error';

export const TOKEN_ROLES = ['admin', 'coordinator', 'agency', 'auditor'] as const;
export type TokenRole = (typeof TOKEN_ROLES)[number];

/** An AUTH_TOKENS entry holding only the token's SHA-256. */
export interface HashedTokenEntry {
  tokenSha256: string;
  role: TokenRole;
  agency?: string;
  name?: string;
}

export interface CreatedToken {
  /** the bearer token: shown once, stored nowhere */
  token: string;
  entry: HashedTokenEntry;
}

export const hashToken = (token: string): string => createHash('sha256').update(token).digest('hex');

const AGENCY_CODE = /^[A-Za-z0-9_.-]{1,32}$/;

const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

/**
 * A fresh random bearer token (256 bits, `dle_` + base64url: easy to spot in a secret scan) and
 * the AUTH_TOKENS entry that admits it, which holds only its SHA-256.
 */
export function createToken(options: { role: string; agency?: string; name?: string }): CreatedToken {
  const role = options.role as TokenRole;
  if (!TOKEN_ROLES.includes(role)) throw new CliError(`--role must be one of ${TOKEN_ROLES.join(', ')}`);
  if (role === 'agency' && !options.agency) throw new CliError('--agency is required for role agency (the agency code, e.g. BCA)');
  if (role !== 'agency' && options.agency) throw new CliError('--agency is only for role agency');
  if (options.agency !== undefined && !AGENCY_CODE.test(options.agency))
    throw new CliError('--agency must be an agency code (letters, digits, _ . -; up to 32)');
  const name = options.name?.trim();
  if (name !== undefined && (name.length === 0 || name.length > 200 || CONTROL.test(name)))
    throw new CliError('--name must be one line of 1-200 characters');
  const token = `dle_${randomBytes(32).toString('base64url')}`;
  return {
    token,
    entry: { tokenSha256: hashToken(token), role, ...(options.agency ? { agency: options.agency } : {}), ...(name ? { name } : {}) },
  };
}

/** Prints a created token: the token once, then the entry to paste into AUTH_TOKENS. */
export function printCreatedToken(created: CreatedToken, out: Output, json = false): void {
  if (json) {
    out.write(`${JSON.stringify(created)}\n`);
    return;
  }
  out.write(
    [
      'Bearer token (shown only now; it is not stored anywhere, hand it over on a safe channel):',
      `  ${created.token}`,
      '',
      'AUTH_TOKENS entry (add it to the JSON array in AUTH_TOKENS or in the AUTH_TOKENS_FILE file, then restart the API):',
      `  ${JSON.stringify(created.entry)}`,
      '',
    ].join('\n'),
  );
}

/** `token create` and `token hash`: need neither the database nor a running engine. */
export function registerTokenCommands(program: Command, out: Output = process.stdout, input: NodeJS.ReadableStream = process.stdin): void {
  const token = program.command('token').description('bearer tokens for AUTH_TOKENS, stored only as SHA-256 digests');

  token
    .command('create')
    .description('make a random token and print it once, with the hashed AUTH_TOKENS entry that admits it')
    .addOption(new Option('--role <role>', 'what the token may do').choices([...TOKEN_ROLES]).makeOptionMandatory())
    .option('--agency <code>', 'role agency: the agency it acts for, e.g. BCA')
    .option('--name <name>', 'who uses it (recorded as the actor of every event it writes)')
    .option('--json', 'print {"token", "entry"} as one JSON line')
    .action((opts: { role: string; agency?: string; name?: string; json?: boolean }) => {
      printCreatedToken(createToken(opts), out, opts.json);
    });

  token
    .command('hash')
    .description('read a token from standard input and print its SHA-256 (to replace a "token" entry by a "tokenSha256" one)')
    .action(async () => {
      const text = await readAll(input);
      const value = text.split(/\r?\n/)[0]?.trim() ?? '';
      if (value.length < 8)
        throw new CliError('give the token (8+ characters) on standard input, e.g. `npm run cli -- token hash < token.txt`');
      out.write(`${hashToken(value)}\n`);
    });
}

async function readAll(input: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of input) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  return Buffer.concat(chunks).toString('utf8');
}
