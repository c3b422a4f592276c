/**
 * The generated client from a script (examples/api-client.ts): openapi-fetch typed by the
 * OpenAPI document registers an agency, assigns a task and reads the summary over real HTTP.
 * `npm test` typechecks the script (no casts); this runs it against the API.
 */
import type { AddressInfo } from 'node:net';
import { createAgencyAndTask } from '../examples/api-client';
import { TOKENS, TestApp, startTestApp } from './support/test-app';

describe('the generated API client', () => {
  let t: TestApp;
  let baseUrl: string;

  beforeAll(async () => {
    t = await startTestApp({ env: { SCAN_INTERVAL_MS: '3600000' } });
    await t.app.listen(0, '127.0.0.1');
    baseUrl = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
  });
  afterAll(() => t?.close());

  it('creates an agency and a task and reads the summary that counts it', async () => {
    const { agency, task, summary } = await createAgencyAndTask(baseUrl, TOKENS.coordinator, { agency: 'BKHCN', task: 'NQ71-101' });
    expect(agency).toMatchObject({ code: 'BKHCN', kind: 'ministry', version: 1 });
    expect(task).toMatchObject({ code: 'NQ71-101', leadAgency: 'BKHCN', status: 'on_track', deadline: { expression: 'Q4/2026' } });
    expect(task.deadline.due).toBe('2026-12-31T23:59:59.999+07:00');
    expect(summary).toMatchObject({ total: 1, onTrack: 1, filters: { agency: 'BKHCN' } });
  });

  it('reports the error envelope of a refused call with the fields at fault', async () => {
    await expect(createAgencyAndTask(baseUrl, TOKENS.coordinator, { agency: 'bad code', task: 'NQ71-102' })).rejects.toThrow(
      /register the agency: 400 validation_failed .*\(code: /,
    );
    await expect(createAgencyAndTask(baseUrl, 'not-a-token', { agency: 'BTC', task: 'NQ71-103' })).rejects.toThrow(/401 unauthorized/);
  });
});
