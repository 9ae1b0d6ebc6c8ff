/// <reference lib="dom" />
/**
 * Browser tests: the real app listening on a port (SQLite in memory, or PostgreSQL when the suite
 * runs there, with the demo data), driven by Debian's Chromium through playwright-core. `npm test`
 * installs Chromium first where missing (scripts/system-packages.sh).
 */
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { createTestApp } from '../test-app.js';

/** Where the suites save a screenshot of each main page (not committed; see docs/screenshots for the README's). */
export const SCREENSHOT_DIR = path.resolve('test/browser/screenshots');

/** Debian's Chromium (the package `chromium`), or CHROMIUM_PATH. */
export function chromiumPath(): string {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter(
    (p): p is string => typeof p === 'string' && p !== '',
  );
  const found = candidates.find((p) => existsSync(p));
  if (!found) throw new Error('Chromium is missing: run `bash scripts/system-packages.sh` (apt-get install chromium).');
  return found;
}

export interface BrowserApp {
  readonly app: NestFastifyApplication;
  readonly baseUrl: string;
}

/** The app with the demo data, listening on a free local port. */
export async function startApp(): Promise<BrowserApp> {
  const app = await createTestApp({ demoSeed: 'auto' });
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  return { app, baseUrl: `http://127.0.0.1:${port}` };
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath(),
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-sync'],
  });
}

/** A page at 1366×768 whose console errors (a CSP violation, a failed script) are collected. */
export async function newPage(browser: Browser): Promise<{ page: Page; errors: string[] }> {
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'vi-VN' });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(String(error)));
  return { page, errors };
}

/** Signs in through the sign-in page, as a person would. */
export async function signIn(page: Page, baseUrl: string, username: string, password: string): Promise<void> {
  await page.goto(`${baseUrl}/dang-nhap`);
  await page.getByLabel('Tên đăng nhập').fill(username);
  await page.getByLabel('Mật khẩu').fill(password);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await page.waitForURL((url) => !url.pathname.startsWith('/dang-nhap'));
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/** Whether a canvas has anything drawn on it (a chart, not an empty box). */
export function canvasDrawn(page: Page, selector: string): Promise<boolean> {
  return page.$eval(selector, (canvas) => {
    const c = canvas as HTMLCanvasElement;
    const data = c.getContext('2d')?.getImageData(0, 0, c.width, c.height).data;
    if (!data) return false;
    for (let i = 3; i < data.length; i += 4) if (data[i] !== 0) return true;
    return false;
  });
}

/**
 * The text of an element once the page has filled it: pages fill messages after their fetch answers,
 * so reading right after a click can find the element still empty (on a slower database, it did).
 * Waits until the text is not empty (10 s at most), then returns it.
 */
export async function settledText(locator: Locator): Promise<string> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const text = (await locator.textContent()) ?? '';
    if (text.trim() !== '' || Date.now() > deadline) return text;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
