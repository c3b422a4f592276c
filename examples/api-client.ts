/**
 * The API from a script, through the client generated from the OpenAPI document: openapi-fetch
 * typed by apps/web/src/api/schema.ts (`npm run openapi`). Paths, bodies and answers are checked
 * by the compiler, with no cast: `npm test` typechecks this file and runs it against the API
 * (test/api-client.e2e.spec.ts).
 *
 *   BASE_URL=http://localhost:3000 TOKEN=$(cat data/admin-token) node -r @swc-node/register examples/api-client.ts
 */
import createClient from 'openapi-fetch';
import type { components, paths } from '../apps/web/src/api/schema';

type Schemas = components['schemas'];

/** The API's error envelope as an Error naming every field at fault. */
function failure(what: string, status: number, body: Schemas['ErrorEnvelope']): Error {
  const fields = body.error.details.map((d) => `${d.field}: ${d.message}`).join('; ');
  return new Error(`${what}: ${status} ${body.error.code} ${body.error.message}${fields ? ` (${fields})` : ''}`);
}

export interface Walkthrough {
  agency: Schemas['AgencyCommandAnswer'];
  task: Schemas['TaskCommandAnswer'];
  summary: Schemas['Summary'];
}

/** Registers an agency, assigns it a task, and reads the summary once the read models have both. */
export async function createAgencyAndTask(baseUrl: string, token: string, codes: { agency: string; task: string }): Promise<Walkthrough> {
  const api = createClient<paths>({ baseUrl, headers: { Authorization: `Bearer ${token}` } });

  const agency = await api.POST('/api/v1/agencies', {
    body: {
      code: codes.agency,
      name: 'Bộ Khoa học và Công nghệ',
      kind: 'ministry',
      head: { name: 'Nguyễn Mạnh Hùng', title: 'Bộ trưởng', email: 'bo-truong@most.example.org' },
    },
  });
  if (agency.error) throw failure('register the agency', agency.response.status, agency.error);

  const task = await api.POST('/api/v1/tasks', {
    // the same key again answers the same and records nothing: safe to retry
    headers: { 'Idempotency-Key': `example-${codes.task}` },
    body: {
      code: codes.task,
      title: 'Xây dựng Cơ sở dữ liệu quốc gia về khoa học, công nghệ và đổi mới sáng tạo',
      source: { kind: 'resolution', ref: '71/NQ-CP', issuedOn: '2025-04-01' },
      leadAgency: agency.data.code,
      assignee: { name: 'Trần Văn Bình', email: 'binh@most.example.org' },
      deadline: 'Q4/2026',
      priority: 'high',
    },
  });
  if (task.error) throw failure('assign the task', task.response.status, task.error);

  // minPosition: read your own write from the eventually consistent read models.
  const summary = await api.GET('/api/v1/reports/summary', {
    params: { query: { agency: agency.data.code, minPosition: task.data.position } },
  });
  if (summary.error) throw failure('read the summary', summary.response.status, summary.error);
  return { agency: agency.data, task: task.data, summary: summary.data };
}

if (require.main === module) {
  const suffix = Date.now().toString(36).toUpperCase();
  createAgencyAndTask(process.env.BASE_URL ?? 'http://localhost:3000', process.env.TOKEN ?? '', {
    agency: `VD-${suffix}`,
    task: `VD-${suffix}-001`,
  }).then(
    ({ task, summary }) =>
      console.log(
        `${task.code}: ${task.status}, due ${task.deadline.due}; ${summary.filters.agency ?? ''} total ${summary.total}, overdue ${summary.overdue}`,
      ),
    (error: Error) => {
      console.error(error.message);
      process.exit(1);
    },
  );
}
