import { existsSync, mkdirSync } from 'node:fs';
import * as path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { TOKENS } from '../../support/test-app';
import { ROOT } from './console-build';

/** Debian's Chromium, driven by playwright-core: no browser download, no network of its own. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
export const SCREENSHOTS = path.join(ROOT, 'test-output', 'screenshots');

export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`no Chromium at ${CHROMIUM}: install it (apt-get install -y chromium) or point CHROMIUM_PATH at one`);
  }
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: ARGS });
}

export const LAPTOP = { width: 1280, height: 860 };
export const TABLET = { width: 768, height: 1024 };

/**
 * A page in a fresh context (its own sessionStorage: one signed-in user). Script errors are
 * pushed to `errors` for the test to fail on; failed HTTP answers (the sign-in role probe's
 * 403s, the API's 400s the forms show) are expected and not errors.
 */
export async function newPage(
  browser: Browser,
  viewport = LAPTOP,
  errors: string[] = [],
  /** the browser's own locale (the console must not depend on it: dates are typed and shown dd/mm/yyyy) */
  locale = 'vi-VN',
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport, locale, timezoneId: 'Asia/Ho_Chi_Minh' });
  const page = await context.newPage();
  page.setDefaultTimeout(45_000);
  page.on('pageerror', (error) => errors.push(error.message));
  return { context, page };
}

/**
 * Reads until `want` holds (the console updates asynchronously) and returns the last value read.
 * Patient: the read models can lag while another suite holds a long transaction on the shared
 * PostgreSQL server (the feed shows only transactions older than the oldest one in flight).
 */
export async function settled<T>(read: () => Promise<T>, want: (value: T) => boolean, timeoutMs = 45_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (want(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

export async function signIn(page: Page, baseUrl: string, who: keyof typeof TOKENS): Promise<void> {
  await page.goto(`${baseUrl}/`);
  // people sign in with email and password; configured tokens are behind this link
  await page.getByText('Đăng nhập bằng mã truy cập').click();
  await page.getByLabel('Mã truy cập (token)').fill(TOKENS[who]);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await page.locator('header.topbar').waitFor();
}

/** A full-page screenshot under test-output/screenshots/, for review. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const file = path.join(SCREENSHOTS, `${name}.png`);
  // From the top, so the sticky header is drawn where it belongs in the full-page image.
  await page.evaluate('window.scrollTo(0, 0)');
  await page.screenshot({ path: file, fullPage: true });
  return file;
}
