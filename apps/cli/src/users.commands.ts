import { Command } from 'commander';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { CliError, Output } from './cli-error';

/**
 * `users …`: the directory of people, through the running engine's API (inviting someone sends
 * their letter, which only the engine does). The engine's address is --url or DLE_API_URL
 * (default http://127.0.0.1:PORT); the admin's token is DLE_TOKEN (a personal access token or an
 * AUTH_TOKENS entry), never an option, so it stays out of the shell history.
 */
export interface UsersApi {
  url: string;
  token: string;
}

interface Person {
  id: string;
  email: string;
  name: string;
  title: string | null;
  agency: string | null;
  roles: string[];
  status: string;
}

interface ImportAnswer {
  created: number;
  position: number | null;
  unchanged: number;
  errors: { row: number; field: string; message: string; column: string | null }[];
  dryRun: boolean;
  people: { row: number; name: string; email: string; agency: string | null; roles: string[]; status: string }[];
}

export function registerUsersCommands(program: Command, out: Output = process.stdout, env: NodeJS.ProcessEnv = process.env): void {
  const users = program
    .command('users')
    .description('the directory of people, through the running engine (DLE_API_URL or --url; an admin token in DLE_TOKEN)')
    .option('--url <url>', "the engine's address (default DLE_API_URL, else http://127.0.0.1:$PORT)");
  const api = (): UsersApi => apiOf(users.opts<{ url?: string }>().url, env);

  users
    .command('list')
    .description('people, by agency and name')
    .option('--agency <code>', "only this agency's people")
    .option('--json', 'one JSON object per line')
    .action(async (opts: { agency?: string; json?: boolean }) => {
      const people = (await call(api(), 'GET', `/users${opts.agency ? `?agency=${encodeURIComponent(opts.agency)}` : ''}`)) as Person[];
      if (opts.json) {
        for (const p of people) out.write(`${JSON.stringify(p)}\n`);
        return;
      }
      out.write(
        table(
          ['Email', 'Họ và tên', 'Cơ quan', 'Vai trò', 'Trạng thái'],
          people.map((p) => [p.email, p.name, p.agency ?? '', p.roles.join(','), p.status]),
        ),
      );
    });

  users
    .command('add')
    .description('add a person: they receive an invitation letter with a link to set a password')
    .requiredOption('--email <email>', 'the sign-in address')
    .requiredOption('--name <name>', 'full name, e.g. "Nguyễn Văn An"')
    .option('--title <title>', 'e.g. "Chuyên viên chính"')
    .option('--agency <code>', 'the agency, e.g. BCA')
    .option('--roles <roles>', 'comma-separated: agency, coordinator, auditor, admin', 'agency')
    .option('--focal-point', "the agency's focal point for notices")
    .option('--language <vi|en>', 'the language of their letters and console', 'vi')
    .action(
      async (opts: {
        email: string;
        name: string;
        title?: string;
        agency?: string;
        roles: string;
        focalPoint?: boolean;
        language: string;
      }) => {
        const person = (await call(api(), 'POST', '/users', {
          email: opts.email,
          name: opts.name,
          title: opts.title ?? null,
          agency: opts.agency ?? null,
          roles: opts.roles
            .split(',')
            .map((r) => r.trim())
            .filter(Boolean),
          focalPoint: opts.focalPoint === true,
          language: opts.language,
        })) as Person;
        out.write(`invited ${person.email} (${person.id}): the invitation letter is on its way\n`);
      },
    );

  users
    .command('import <file>')
    .description(
      'invite the people of an .xlsx or .csv sheet (Họ và tên, Chức vụ, Thư điện tử, Cơ quan, Vai trò, Đầu mối, Ngôn ngữ); every row is checked first',
    )
    .option('--dry-run', 'check every row and invite nobody')
    .option('--partial', 'invite the good rows even when some are bad')
    .action(async (file: string, opts: { dryRun?: boolean; partial?: boolean }) => {
      let content: Buffer;
      try {
        content = readFileSync(file);
      } catch (error) {
        throw new CliError(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
      }
      const form = new FormData();
      form.append('file', new Blob([new Uint8Array(content)]), path.basename(file));
      const query = [opts.dryRun ? 'dryRun=true' : '', opts.partial ? 'partial=true' : ''].filter(Boolean).join('&');
      const answer = (await call(api(), 'POST', `/users/import${query ? `?${query}` : ''}`, form)) as ImportAnswer;
      // the directory shows them before this returns, so a `users list` right after agrees
      if (answer.position) await call(api(), 'GET', `/users?minPosition=${answer.position}`);
      for (const e of answer.errors) out.write(`${path.basename(file)}:${e.row}: ${e.column ?? e.field}: ${e.message}\n`);
      const verb = answer.dryRun ? 'would invite' : 'invited';
      out.write(`${verb} ${answer.created}, already in the directory ${answer.unchanged}, rows at fault ${answer.errors.length}\n`);
      if (answer.errors.length > 0 && !opts.partial)
        throw new CliError(answer.dryRun ? 'fix the rows above, then import' : 'nothing imported: fix the rows above or add --partial');
    });

  users
    .command('disable <email>')
    .description('disable a person: they can no longer sign in, and their sessions and tokens end')
    .option('--reason <text>', 'why (recorded)')
    .action(async (email: string, opts: { reason?: string }) => {
      const person = await byEmail(api(), email);
      const done = (await call(api(), 'POST', `/users/${person.id}/disable`, opts.reason ? { reason: opts.reason } : {})) as {
        position?: number;
      };
      // the directory shows it before this returns, so a `users list` right after agrees
      if (done.position) await call(api(), 'GET', `/users?minPosition=${done.position}`);
      out.write(`disabled ${person.email}\n`);
    });
}

export function apiOf(url: string | undefined, env: NodeJS.ProcessEnv): UsersApi {
  const token = env.DLE_TOKEN?.trim();
  if (!token) throw new CliError('set DLE_TOKEN to an admin token (a personal access token from the console, or an AUTH_TOKENS token)');
  const base = (url ?? env.DLE_API_URL ?? `http://127.0.0.1:${env.PORT ?? '3000'}`).replace(/\/+$/, '');
  if (!/^https?:\/\//.test(base)) throw new CliError('--url must start with http:// or https://');
  return { url: base, token };
}

async function byEmail(api: UsersApi, email: string): Promise<Person> {
  const people = (await call(api, 'GET', '/users')) as Person[];
  const person = people.find((p) => p.email.toLowerCase() === email.trim().toLowerCase());
  if (!person) throw new CliError(`nobody in the directory has the address ${email}`);
  return person;
}

async function call(api: UsersApi, method: 'GET' | 'POST', route: string, body?: unknown): Promise<unknown> {
  const headers: Record<string, string> = { Authorization: `Bearer ${api.token}`, Accept: 'application/json', 'Accept-Language': 'vi' };
  let payload: string | FormData | undefined;
  if (body instanceof FormData) payload = body;
  else if (body !== undefined) {
    payload = JSON.stringify(body);
    headers['Content-Type'] = 'application/json';
  }
  let res: Response;
  try {
    res = await fetch(`${api.url}/api/v1${route}`, { method, headers, body: payload });
  } catch (error) {
    throw new CliError(
      `the engine at ${api.url} does not answer (${(error as Error).cause ? String((error as { cause: Error }).cause.message) : (error as Error).message})`,
    );
  }
  const data = (await res.json().catch(() => null)) as { error?: { message?: string } } | null;
  if (!res.ok) throw new CliError(`${method} ${route}: ${res.status} ${data?.error?.message ?? res.statusText}`);
  return data;
}

function table(headers: string[], rows: string[][]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i]))
      .join('  ')
      .trimEnd();
  return [line(headers), ...rows.map(line)].join('\n') + '\n';
}
