import type { Browser, BrowserContext, Page } from 'playwright-core';
import { TestApp, TOKENS, startTestApp } from '../../support/test-app';
import { LAPTOP, launchBrowser, newPage, signIn } from './browser';
import { ensureConsoleBuilt } from './console-build';

export interface ConsoleSuite {
  readonly t: TestApp;
  readonly baseUrl: string;
  /** a signed-in page in a fresh context (closed after the test), in a browser of `locale` */
  open(who: keyof typeof TOKENS, viewport?: { width: number; height: number }, locale?: string): Promise<Page>;
}

/**
 * The frame of a console suite: the console built, an engine listening on a free port (started
 * at `now`, seeded by `seed`), Chromium; every test's contexts closed after it and its page
 * errors failing it.
 */
export function consoleSuite(opts: { now: string; env?: Record<string, string>; seed?: (t: TestApp) => Promise<void> }): ConsoleSuite {
  let t: TestApp;
  let browser: Browser;
  let baseUrl = '';
  const pageErrors: string[] = [];
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    await ensureConsoleBuilt();
    t = await startTestApp({ now: opts.now, env: { SCAN_INTERVAL_MS: '3600000', ...opts.env } });
    await opts.seed?.(t);
    await t.app.listen(0, '127.0.0.1');
    baseUrl = `http://127.0.0.1:${t.app.getHttpServer().address().port}`;
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });
  afterEach(async () => {
    await Promise.all(contexts.splice(0).map((c) => c.close().catch(() => undefined)));
    expect(pageErrors.splice(0)).toEqual([]);
  });

  return {
    get t() {
      return t;
    },
    get baseUrl() {
      return baseUrl;
    },
    async open(who, viewport = LAPTOP, locale = 'vi-VN') {
      const { page, context } = await newPage(browser, viewport, pageErrors, locale);
      contexts.push(context);
      await signIn(page, baseUrl, who);
      return page;
    },
  };
}
