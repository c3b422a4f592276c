import express from 'express';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import request from 'supertest';
import { CONSOLE_CSP, consoleMiddleware, findConsoleDist } from './web-console';

function fakeRepo(built: boolean): { root: string; dist: string } {
  const root = mkdtempSync(path.join(tmpdir(), 'dle-web-'));
  writeFileSync(path.join(root, 'package.json'), '{}');
  const dist = path.join(root, 'apps', 'web', 'dist');
  mkdirSync(path.join(dist, 'assets'), { recursive: true });
  mkdirSync(path.join(root, 'dist', 'apps', 'api', 'src', 'web'), { recursive: true });
  mkdirSync(path.join(root, 'apps', 'api', 'src', 'web'), { recursive: true });
  if (built) {
    writeFileSync(path.join(dist, 'index.html'), '<!doctype html><div id="app"></div>');
    writeFileSync(path.join(dist, 'assets', 'index-abc123.js'), 'console.log(1)');
  }
  return { root, dist };
}

describe('findConsoleDist', () => {
  it('finds apps/web/dist of the package root from the source and from the build output', () => {
    const { root, dist } = fakeRepo(true);
    expect(findConsoleDist(path.join(root, 'apps', 'api', 'src', 'web'))).toBe(dist);
    expect(findConsoleDist(path.join(root, 'dist', 'apps', 'api', 'src', 'web'))).toBe(dist);
  });

  it('answers null when the console is not built', () => {
    const { root } = fakeRepo(false);
    expect(findConsoleDist(path.join(root, 'apps', 'api', 'src', 'web'))).toBeNull();
  });
});

describe('consoleMiddleware', () => {
  const { dist } = fakeRepo(true);
  const app = express();
  app.get('/api/v1/tasks', (_req, res) => res.json({ items: [] }));
  app.get('/health', (_req, res) => res.json({ status: 'ok' }));
  for (const handler of consoleMiddleware(dist)) app.use(handler);
  app.use((_req, res) => res.status(404).json({ error: { code: 'not_found' } }));

  it('serves index.html at / without upgrade-insecure-requests and uncached', async () => {
    const res = await request(app).get('/').expect(200);
    expect(res.text).toContain('<div id="app">');
    expect(res.headers['content-security-policy']).toBe(CONSOLE_CSP);
    expect(res.headers['content-security-policy']).not.toContain('upgrade-insecure-requests');
    expect(res.headers['cache-control']).toBe('no-cache');
  });

  it('serves hashed assets for a year', async () => {
    const res = await request(app).get('/assets/index-abc123.js').expect(200);
    expect(res.headers['cache-control']).toContain('immutable');
  });

  it('answers a page path with index.html (SPA fallback), but not a missing file', async () => {
    expect((await request(app).get('/tasks/NQ71-012').set('Accept', 'text/html').expect(200)).text).toContain('<div id="app">');
    await request(app).get('/missing.js').expect(404);
    await request(app).post('/').expect(404);
  });

  it('never shadows the API, its unknown paths or the operations endpoints', async () => {
    expect((await request(app).get('/api/v1/tasks').expect(200)).body).toEqual({ items: [] });
    expect((await request(app).get('/api/v1/nothing').set('Accept', 'text/html').expect(404)).body).toEqual({
      error: { code: 'not_found' },
    });
    await request(app).get('/api/docs-not-here').set('Accept', 'text/html').expect(404);
    await request(app).get('/metrics').set('Accept', 'text/html').expect(404);
    expect((await request(app).get('/health').expect(200)).body).toEqual({ status: 'ok' });
  });
});
