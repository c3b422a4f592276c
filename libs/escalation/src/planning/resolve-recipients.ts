import { EMAIL_RECIPIENT_PREFIX, NoticeRecipient, ReminderRule } from '@app/domain';
import type { SqlDatabase } from '@app/event-store';

/** The parts of a task recipient resolution looks at. */
export interface RecipientTask {
  leadAgency: string;
  assignee: { name?: string | null; email?: string | null } | null;
}

/** What the keywords point at, read once: agency heads (rm_agencies) and coordinators (rm_settings). */
export interface DirectoryHead {
  name: string;
  title: string;
  email: string;
  /** when someone acts for the head today: the head they act for */
  actingFor?: { name: string; title: string; email: string };
}

export interface RecipientDirectory {
  heads: ReadonlyMap<string, DirectoryHead>;
  coordinators: readonly string[];
  /** people away today who named a substitute, by their lower-case email */
  absent?: ReadonlyMap<string, { name: string; title: string | null; email: string; substitute: { name: string; email: string } }>;
}

/**
 * A rule's recipient keywords resolved to addresses, as of now (a head changed yesterday gets
 * today's escalation): `assignee` the task's assignee (skipped when the task names no email),
 * `agency_head` the lead agency's current head, `coordinators` the emails of
 * PUT /settings/coordinators, `email:<address>` that address. In the rule's order, one entry per
 * address (compared case-insensitively; the first keyword that names it wins).
 */
export async function resolveRecipients(
  db: SqlDatabase,
  rule: Pick<ReminderRule, 'recipients'>,
  task: RecipientTask,
): Promise<NoticeRecipient[]> {
  const needsHeads = rule.recipients.includes('agency_head');
  const needsCoordinators = rule.recipients.includes('coordinators');
  const directory = await loadRecipientDirectory(db, { agencies: needsHeads ? [task.leadAgency] : [], coordinators: needsCoordinators });
  return recipientsFrom(directory, rule, task);
}

/**
 * Reads the directory for many resolutions at once (the dry-run, a scan): the heads of the given
 * agencies (all of them when `agencies` is omitted) and the coordinators.
 */
export async function loadRecipientDirectory(
  db: SqlDatabase,
  opts: { agencies?: string[]; coordinators?: boolean; today?: string } = {},
): Promise<RecipientDirectory> {
  const heads = new Map<string, DirectoryHead>();
  if (opts.agencies === undefined || opts.agencies.length > 0) {
    const { rows } = await db.query<{
      code: string;
      head_name: string;
      head_title: string;
      head_email: string;
      acting_name: string | null;
      acting_title: string | null;
      acting_email: string | null;
      acting_from: string | null;
      acting_to: string | null;
    }>(
      `SELECT code, head_name, head_title, head_email, acting_name, acting_title, acting_email, acting_from, acting_to
         FROM rm_agencies ${opts.agencies ? 'WHERE code = ANY($1::text[])' : ''}`,
      opts.agencies ? [opts.agencies] : [],
    );
    for (const r of rows) {
      const head = { name: r.head_name, title: r.head_title, email: r.head_email };
      // an acting head for today (the deadline zone's day) receives what the head would have
      const acting = opts.today && r.acting_email && r.acting_from! <= opts.today && opts.today <= r.acting_to!;
      heads.set(
        r.code,
        acting
          ? { name: r.acting_name as string, title: r.acting_title as string, email: r.acting_email as string, actingFor: head }
          : head,
      );
    }
  }
  let coordinators: string[] = [];
  if (opts.coordinators !== false) {
    const { rows } = await db.query<{ value: { emails?: string[] } }>(`SELECT value FROM rm_settings WHERE key = 'coordinators'`);
    coordinators = rows[0]?.value.emails ?? [];
  }
  const absent = new Map<string, { name: string; title: string | null; email: string; substitute: { name: string; email: string } }>();
  if (opts.today) {
    // a person away today who named a substitute: what is addressed to them goes to the substitute
    const { rows } = await db.query<{
      email: string;
      name: string;
      title: string | null;
      substitute_name: string;
      substitute_email: string;
    }>(
      `SELECT lower(email) AS email, name, title, substitute_name, substitute_email FROM rm_people
        WHERE substitute_email IS NOT NULL AND absent_from <= $1 AND $1 <= absent_to`,
      [opts.today],
    );
    for (const r of rows)
      absent.set(r.email, {
        name: r.name,
        title: r.title,
        email: r.email,
        substitute: { name: r.substitute_name, email: r.substitute_email },
      });
  }
  return { heads, coordinators, absent };
}

/** Pure: the resolution itself, against a directory already read. */
export function recipientsFrom(
  directory: RecipientDirectory,
  rule: Pick<ReminderRule, 'recipients'>,
  task: RecipientTask,
): NoticeRecipient[] {
  const out: NoticeRecipient[] = [];
  const seen = new Set<string>();
  const add = (addressed: NoticeRecipient) => {
    // a person away names who stands in: the letter goes to them, and says for whom
    const away = directory.absent?.get(addressed.email.trim().toLowerCase());
    const recipient: NoticeRecipient = away
      ? {
          email: away.substitute.email,
          // "Kính gửi: Trần Văn B (thay Nguyễn Văn An)": the letter says for whom
          name: `${away.substitute.name} (thay ${away.name})`,
          title: null,
          agency: addressed.agency,
          as: 'substitute',
          actingFor: { name: away.name, title: away.title ?? addressed.title ?? '', email: away.email, as: addressed.as },
        }
      : addressed;
    const key = recipient.email.trim().toLowerCase();
    if (key === '' || seen.has(key)) return;
    seen.add(key);
    out.push(recipient);
  };
  for (const keyword of rule.recipients) {
    if (keyword === 'assignee') {
      const email = task.assignee?.email;
      if (email) add({ email, name: task.assignee?.name ?? null, title: null, agency: task.leadAgency, as: 'assignee' });
    } else if (keyword === 'agency_head') {
      const head = directory.heads.get(task.leadAgency);
      if (head)
        add({
          email: head.email,
          name: head.name,
          title: head.title,
          agency: task.leadAgency,
          as: head.actingFor ? 'acting_head' : 'agency_head',
          ...(head.actingFor ? { actingFor: head.actingFor } : {}),
        });
    } else if (keyword === 'coordinators') {
      for (const email of directory.coordinators) add({ email, name: null, title: null, agency: null, as: 'coordinators' });
    } else if (keyword.startsWith(EMAIL_RECIPIENT_PREFIX)) {
      add({ email: keyword.slice(EMAIL_RECIPIENT_PREFIX.length), name: null, title: null, agency: null, as: 'email' });
    }
  }
  return out;
}
