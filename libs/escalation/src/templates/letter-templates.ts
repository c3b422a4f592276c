import { type NoticeTemplateName, taskStatus } from '@app/domain';
import type { EventStore, SqlDatabase } from '@app/event-store';
import { AgencyNames, loadTaskStates, noticeTask } from '../delivery/notice-tasks';
import type { IssuingOffice, NoticeMail, RenderedNoticeMail } from '../mail/notice-mail.types';
import { defaultTemplateBody, templateProblem } from '../mail/notice-templates';
import { renderNoticeMail } from '../mail/render-notice-mail';
import { sampleLetters } from './sample-letters';
import { templateOverrides } from './template-overrides';

export interface LetterTemplatesOptions {
  publicUrl: string;
  timeZone: string;
  dueSoonDays: number;
  office?: IssuingOffice;
  templatesDir?: string;
}

export interface PreviewRequest {
  /** the text to try; unset: the one in force */
  body?: string;
  taskId: string;
  kind: 'reminder' | 'escalation';
  locale?: 'vi' | 'en';
}

/**
 * Checks and previews the letter templates an admin edits: a text is refused when Handlebars
 * cannot parse it or a sample letter (single and digest, both languages, every reader) cannot be
 * rendered from it; a preview renders the letter a real task would get today.
 */
export class LetterTemplates {
  private readonly agencyNames: AgencyNames;

  constructor(
    private readonly deps: { db: SqlDatabase; store: EventStore; now: () => Date },
    private readonly options: LetterTemplatesOptions,
  ) {
    this.agencyNames = new AgencyNames(deps.db);
  }

  defaultBody(name: NoticeTemplateName): string {
    return defaultTemplateBody(name, this.options.templatesDir);
  }

  /** Why `body` cannot replace the template `name`, or null. */
  async problem(name: NoticeTemplateName, body: string): Promise<string | null> {
    const templates = { ...(await templateOverrides(this.deps.db)), [name]: body };
    return templateProblem(body, () => {
      for (const mail of sampleLetters()) renderNoticeMail(mail, this.renderOptions(templates));
    });
  }

  /** The letter the task would get now, with `body` in place of the template `name` when given. */
  async preview(name: NoticeTemplateName, request: PreviewRequest): Promise<RenderedNoticeMail | null> {
    const overrides = await templateOverrides(this.deps.db);
    const templates = request.body === undefined ? overrides : { ...overrides, [name]: request.body };
    const digest = name.startsWith('digest.');
    const ids = [request.taskId, ...(digest ? await this.neighbours(request.taskId) : [])];
    const states = await loadTaskStates(this.deps.store, ids);
    const task = states.get(request.taskId);
    if (!task?.exists) return null;
    const now = this.deps.now();
    const names = await this.agencyNames.of([...states.values()].map((s) => s.leadAgency ?? ''));
    const lead = task.leadAgency ?? '';
    const head = request.kind === 'escalation' ? await this.headOf(lead) : null;
    const mail: NoticeMail = {
      noticeId: 'xem-truoc',
      kind: request.kind,
      level: request.kind === 'escalation' ? 1 : 0,
      locale: request.locale ?? 'vi',
      reader: request.kind === 'escalation' ? 'head' : 'officer',
      recipient: head
        ? { email: head.email, name: head.name, title: head.title, agencyName: names.get(lead) ?? lead }
        : { email: task.assignee?.email ?? '', name: task.assignee?.name, agencyName: names.get(lead) ?? lead },
      firedAt: now,
      tasks: [...states.values()]
        .filter((s) => s.exists)
        .map((s) => noticeTask(s, names, taskStatus(s, now, { dueSoonDays: this.options.dueSoonDays, timeZone: this.options.timeZone }))),
    };
    try {
      return renderNoticeMail(mail, this.renderOptions(templates));
    } catch (error) {
      throw new TemplatePreviewError(
        templateProblem(request.body ?? '', () => {
          throw error;
        }) ?? (error as Error).message,
      );
    }
  }

  private renderOptions(templates: Record<string, string>) {
    const { publicUrl, timeZone, office, templatesDir } = this.options;
    return { publicUrl, timeZone, office, templatesDir, templates };
  }

  /** A digest shows several tasks: the task and up to four other open ones of its lead agency, most late first. */
  private async neighbours(taskId: string): Promise<string[]> {
    const { rows } = await this.deps.db.query<{ task_id: string }>(
      `SELECT t.task_id FROM rm_tasks t, rm_tasks me
        WHERE me.task_id = $1 AND t.lead_agency = me.lead_agency AND t.task_id <> me.task_id
          AND t.completed_at IS NULL AND t.cancelled_at IS NULL AND t.due IS NOT NULL
        ORDER BY t.due, t.task_id LIMIT 4`,
      [taskId],
    );
    return rows.map((r) => r.task_id);
  }

  private async headOf(agency: string): Promise<{ email: string; name: string; title: string } | null> {
    const { rows } = await this.deps.db.query<{ head_email: string; head_name: string; head_title: string }>(
      `SELECT head_email, head_name, head_title FROM rm_agencies WHERE code = $1`,
      [agency],
    );
    return rows[0] ? { email: rows[0].head_email, name: rows[0].head_name, title: rows[0].head_title } : null;
  }
}

/** The template renders, but not for this task (a field it lacks): the words name the line. */
export class TemplatePreviewError extends Error {}
