import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import Handlebars from 'handlebars';

/**
 * Loads the Handlebars templates of notice emails from `config/templates`.
 *
 * The wording lives in files, not code, so the Government Office can adjust the official style
 * without a release. Two Handlebars environments: the HTML one escapes every `{{value}}`, the
 * text/subject one does not (`noEscape`), because a text part showing `&lt;` would corrupt
 * Vietnamese titles and the text part carries no markup to protect.
 */

export type TemplateName = 'notice' | 'digest';
export type TemplatePart = 'subject' | 'text' | 'html';

type Compiled = (context: unknown) => string;

export interface NoticeTemplates {
  render(name: TemplateName, part: TemplatePart, view: unknown): string;
}

const REQUIRED: string[] = (['notice', 'digest'] as const).flatMap((name) =>
  (['subject', 'text', 'html'] as const).map((part) => `${name}.${part}.hbs`),
);

const cache = new Map<string, NoticeTemplates>();

/**
 * Walks up from this file to the repository root so the same lookup works from sources
 * (libs/escalation/src/mail) and from the compiled tree (dist/libs/escalation/src/mail),
 * and falls back to the working directory (how `npm start` runs).
 */
export function defaultTemplatesDir(): string {
  return (foundTemplatesDir ??= findTemplatesDir());
}

/** found once per process: every rendered notice asks */
let foundTemplatesDir: string | undefined;

function findTemplatesDir(): string {
  let dir = __dirname;
  for (let i = 0; i < 8; i++) {
    const candidate = path.join(dir, 'config', 'templates');
    if (fs.existsSync(path.join(candidate, 'notice.subject.hbs'))) return candidate;
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return path.resolve(process.cwd(), 'config', 'templates');
}

/**
 * The templates of `dir`, with the admin's replacements (`overrides`, keyed `notice.html`,
 * `_task-vi.text`… as in NOTICE_TEMPLATE_NAMES) laid over the files. Compiled once per content.
 */
export function loadNoticeTemplates(
  dir: string = defaultTemplatesDir(),
  overrides: Readonly<Record<string, string>> = {},
): NoticeTemplates {
  const key = path.resolve(dir);
  const names = Object.keys(overrides).sort();
  const cacheKey =
    names.length === 0
      ? key
      : `${key}#${createHash('sha256')
          .update(JSON.stringify(names.map((n) => [n, overrides[n]])))
          .digest('hex')}`;
  const cached = cache.get(cacheKey);
  if (cached) return cached;

  const missing = REQUIRED.filter((file) => !fs.existsSync(path.join(key, file)));
  if (missing.length > 0) {
    throw new Error(`notice email templates missing in ${key}: ${missing.join(', ')}`);
  }
  const sourceOf = (file: string) => overrides[file.slice(0, -'.hbs'.length)] ?? fs.readFileSync(path.join(key, file), 'utf8');

  const html = Handlebars.create();
  const plain = Handlebars.create();
  for (const env of [html, plain]) registerHelpers(env);

  // Files named `_<name>.hbs` are partials shared by the single and the digest templates.
  for (const file of fs.readdirSync(key)) {
    if (!file.startsWith('_') || !file.endsWith('.hbs')) continue;
    const source = sourceOf(file);
    const partialName = file.slice(1, -'.hbs'.length);
    html.registerPartial(partialName, source);
    plain.registerPartial(partialName, source);
  }

  const compiled = new Map<string, Compiled>();
  for (const file of REQUIRED) {
    const isHtml = file.endsWith('.html.hbs');
    const env = isHtml ? html : plain;
    // strict: a typo in a template field fails loudly in tests instead of printing nothing.
    compiled.set(file, env.compile(sourceOf(file), { strict: true, noEscape: !isHtml }));
  }

  const templates: NoticeTemplates = {
    render(name, part, view) {
      const template = compiled.get(`${name}.${part}.hbs`);
      if (!template) throw new Error(`no template ${name}.${part}.hbs`);
      return template(view);
    },
  };
  if (cache.size > 50) cache.clear(); // admins' edits are few; previews must not grow it forever
  cache.set(cacheKey, templates);
  return templates;
}

/** The shipped text of one template (what `body: null` restores). */
export function defaultTemplateBody(name: string, dir: string = defaultTemplatesDir()): string {
  return fs.readFileSync(path.join(dir, `${name}.hbs`), 'utf8');
}

/**
 * Why a template text cannot be used, in words naming the line, or null: its syntax first, then
 * its fields, by rendering it (strict) for the sample letters given.
 */
export function templateProblem(body: string, render: () => void): string | null {
  try {
    Handlebars.parse(body);
  } catch (error) {
    const message = (error as Error).message;
    const line = /line (\d+)/.exec(message)?.[1];
    const detail = message.split('\n').pop() ?? message;
    return line ? `has an error on line ${line}: ${detail}` : `has an error: ${detail}`;
  }
  try {
    render();
  } catch (error) {
    const message = (error as Error).message;
    const field = /^"(.+)" not defined in .* - (\d+):\d+$/.exec(message);
    if (field) return `uses "${field[1]}", which letters do not have (line ${field[2]})`;
    return `cannot be rendered: ${message.split('\n')[0]}`;
  }
  return null;
}

function registerHelpers(env: typeof Handlebars): void {
  // English plural of a count: {{plural daysLate "day" "days"}} -> "1 day" / "5 days".
  env.registerHelper(
    'plural',
    (count: unknown, one: unknown, many: unknown) => `${String(count)} ${count === 1 ? String(one) : String(many)}`,
  );
}
