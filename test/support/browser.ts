/// <reference lib="dom" />
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { PROJECT_ROOT } from '../../lib/definitions';
import type { TestRuntime } from './runtime';

/** Debian's chromium (`apt-get install chromium`; .ci/run installs it). Never a downloaded browser. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const SCREENSHOTS = join(PROJECT_ROOT, 'test-output', 'screenshots');

type Viewport = { width: number; height: number };

export const PHONE = { width: 360, height: 740 };
export const DESKTOP = { width: 1280, height: 800 };

/**
 * Starts headless chromium with the flags this machine needs (no sandbox as root, no GPU, no
 * background traffic to the closed network). Playwright gives each launch a fresh, empty profile
 * of its own (its --user-data-dir), removed when the browser closes.
 */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `The browser tests drive Debian's chromium at ${CHROMIUM}, which is not installed: run \`apt-get install -y chromium\` (bash .ci/run does), or set CHROMIUM_PATH.`,
    );
  }
  mkdirSync(SCREENSHOTS, { recursive: true });
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    chromiumSandbox: false,
    args: ['--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/**
 * Watches a browser context for what must never happen in these tests: a 5xx answer, a console
 * error or an uncaught exception. A test that expects a refusal names it (`allow`), since chromium
 * logs every 4xx answer to a fetch as a console error.
 */
export class Problems {
  readonly seen: string[] = [];
  private readonly allowed: RegExp[] = [];

  watch(context: BrowserContext): void {
    context.on('response', (response) => {
      if (response.status() >= 500) this.seen.push(`${response.status()} ${response.request().method()} ${response.url()}`);
    });
    context.on('weberror', (error) => this.seen.push(`uncaught: ${error.error().message}`));
    context.on('console', (message) => {
      if (message.type() !== 'error') return;
      const text = `${message.text()} (${message.location().url})`;
      if (!this.allowed.some((pattern) => pattern.test(text))) this.seen.push(`console error: ${text}`);
    });
  }

  allow(pattern: RegExp): void {
    this.allowed.push(pattern);
  }

  reset(): void {
    this.seen.length = 0;
    this.allowed.length = 0;
  }
}

/**
 * Chromium for the browser tests of a file (or of a describe), with jest's hooks: launched before
 * its tests and closed after them. `open` gives a page in a fresh context, in Chinese and Beijing
 * time, signed in as `signedInAs` (by the local sign-in) when given; after each test its contexts
 * close and the test fails on any problem the pages showed. The runtime stays the test's own,
 * since each file starts it differently; `runtime` is read when a page opens.
 */
export function watchedPages(runtime: () => TestRuntime): { problems: Problems; open(viewport: Viewport, signedInAs?: string): Promise<Page> } {
  let browser: Browser | undefined;
  const problems = new Problems();
  const contexts: BrowserContext[] = [];
  beforeAll(async () => {
    browser = await launchChromium();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
  });
  beforeEach(() => problems.reset());
  afterEach(async () => {
    for (const context of contexts.splice(0)) await context.close();
    expect(problems.seen).toEqual([]);
  });
  return {
    problems,
    async open(viewport, signedInAs) {
      const context = await browser!.newContext({ viewport, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
      contexts.push(context);
      problems.watch(context);
      if (signedInAs) {
        const token = (await runtime().signIn(signedInAs)).Authorization;
        await context.addInitScript((value) => {
          if (location.protocol === 'http:') localStorage.setItem('yingji.token', value);
        }, token);
      }
      return context.newPage();
    },
  };
}

/** A full-page screenshot of the page at phone and at desktop width. */
export async function shoot(page: Page, name: string): Promise<void> {
  const before = page.viewportSize();
  for (const [size, viewport] of [
    ['phone', PHONE],
    ['desktop', DESKTOP],
  ] as const) {
    await page.setViewportSize(viewport);
    await page.waitForTimeout(150);
    await page.screenshot({ path: join(SCREENSHOTS, `${name}-${size}.png`), fullPage: true });
  }
  if (before) await page.setViewportSize(before);
}

/** True when nothing on the page is wider than the viewport (no sideways scrolling on a phone). */
export const fitsWidth = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);
