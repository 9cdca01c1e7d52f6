/// <reference lib="dom" />
// Functions passed to page.evaluate run in Chromium, hence the DOM types.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildReadersFixture, buildSampleSite, type BuiltSite } from '../helpers/readers.js';
import { copyFixture, removeDir, repoRoot, runCli } from '../helpers/site.js';
import { launchChromium } from './chromium.js';
import { serveStatic, type StaticServer } from './static-server.js';

const SCREENSHOTS = path.join(repoRoot, 'tests/browser/screenshots');
const AXE = path.join(repoRoot, 'node_modules/axe-core/axe.min.js');
const SEED_TITLE = 'Ukrainian patrol police, anti-trafficking officers build skills and knowledge with OSCE support';
const DESKTOP = { width: 1280, height: 900 };
const PHONE = { width: 375, height: 740 };

/** One URL per page kind of the fixture site (13 items, 5 per page). */
const PAGE_KINDS: Readonly<Record<string, string>> = {
  home: '/',
  item: '/news/ukrainian-patrol-police/',
  'news list': '/news/',
  'news list, page 2': '/news/page/2/',
  'year archive': '/news/2016/',
  'fields-of-work overview': '/fields-of-work/',
  'meetings overview': '/meetings/',
  'participating-states overview': '/participating-states/',
  'partners-for-co-operation overview': '/partners-for-co-operation/',
  'structures overview': '/structures/',
  'field-operations overview': '/field-operations/',
  'term page': '/fields-of-work/policing/',
  'term page of a field operation': '/field-operations/project-co-ordinator-in-ukraine/',
  search: '/search/',
  '404': '/no-such-page/',
};

let sample: BuiltSite;
let fixture: BuiltSite;
let sampleServer: StaticServer;
let fixtureServer: StaticServer;
let browser: Browser;

beforeAll(async () => {
  sample = buildSampleSite();
  fixture = buildReadersFixture();
  expect(sample.result.code, sample.result.stderr).toBe(0);
  expect(fixture.result.code, fixture.result.stderr).toBe(0);
  [sampleServer, fixtureServer, browser] = await Promise.all([serveStatic(sample.out), serveStatic(fixture.out), launchChromium()]);
  mkdirSync(SCREENSHOTS, { recursive: true });
});
afterAll(async () => {
  await browser?.close();
  await sampleServer?.close();
  await fixtureServer?.close();
  sample?.remove();
  fixture?.remove();
});

/** A fresh page that fails the test on any request to another host. */
async function openPage(viewport = DESKTOP): Promise<{ page: Page; foreign: string[]; close: () => Promise<void> }> {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  const foreign: string[] = [];
  await page.route('**/*', (route) => {
    const url = new URL(route.request().url());
    if (url.hostname !== '127.0.0.1') {
      foreign.push(url.href);
      return route.abort();
    }
    return route.continue();
  });
  return { page, foreign, close: () => context.close() };
}

describe('reading by clicks only', () => {
  it('goes home → a field of work → an item → its issuer → the issuer’s country', async () => {
    const { page, foreign, close } = await openPage();
    try {
      await page.goto(`${fixtureServer.origin}/`);
      const nav = page.getByRole('navigation', { name: 'Main navigation' });
      await nav.locator('summary', { hasText: 'Our work' }).click();
      await nav.locator('summary', { hasText: 'Fields of work' }).click();
      await nav.getByRole('link', { name: 'Policing', exact: true }).click();
      await expect.poll(() => page.url()).toBe(`${fixtureServer.origin}/fields-of-work/policing/`);
      expect(await page.locator('h1').innerText()).toBe('Policing');

      await page.getByRole('main').getByRole('link', { name: SEED_TITLE }).click();
      await expect.poll(() => page.url()).toBe(`${fixtureServer.origin}/news/ukrainian-patrol-police/`);
      expect(await page.locator('h1').innerText()).toBe(SEED_TITLE);

      await page.getByRole('main').getByRole('link', { name: 'OSCE Project Co-ordinator in Ukraine' }).click();
      await expect.poll(() => page.url()).toBe(`${fixtureServer.origin}/field-operations/project-co-ordinator-in-ukraine/`);

      await page.getByRole('main').getByRole('link', { name: 'Ukraine', exact: true }).click();
      await expect.poll(() => page.url()).toBe(`${fixtureServer.origin}/participating-states/ukraine/`);
      expect(await page.locator('h1').innerText()).toBe('Ukraine');
      expect(foreign).toEqual([]);
    } finally {
      await close();
    }
  });

  it('opens the navigation by keyboard alone, without JavaScript', async () => {
    const context = await browser.newContext({ viewport: DESKTOP, javaScriptEnabled: false });
    const page = await context.newPage();
    try {
      await page.goto(`${fixtureServer.origin}/`);
      await page.keyboard.press('Tab');
      expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Skip to main content');
      const summary = page.locator('.main-nav summary', { hasText: 'Our work' });
      await summary.focus();
      await page.keyboard.press('Enter');
      expect(await page.locator('.main-nav__group details').first().getAttribute('open')).toBe('');
      // The focus ring is drawn: a visible outline on the focused control.
      const outline = await summary.evaluate((el) => getComputedStyle(el).outlineStyle);
      expect(outline).toBe('solid');
    } finally {
      await context.close();
    }
  });
});

describe('search', () => {
  it('finds the seed item by a word of its body, from the header’s search box, and opens it', async () => {
    const { page, foreign, close } = await openPage();
    try {
      await page.goto(`${fixtureServer.origin}/`);
      await page.getByRole('searchbox', { name: 'Search the news' }).fill('Bushuev');
      await page.getByRole('button', { name: 'Search', exact: true }).click();
      await expect.poll(() => page.url()).toBe(`${fixtureServer.origin}/search/?q=Bushuev`);
      const results = page.locator('.pagefind-ui__result-link');
      await results.first().waitFor({ timeout: 20_000 });
      expect(await results.count()).toBe(1);
      expect(await results.first().innerText()).toBe(SEED_TITLE);
      await results.first().click();
      await expect.poll(() => page.url()).toBe(`${fixtureServer.origin}/news/ukrainian-patrol-police/`);
      expect(foreign).toEqual([]);
    } finally {
      await close();
    }
  });

  it('narrows results with a filter', async () => {
    const { page, close } = await openPage();
    try {
      await page.goto(`${fixtureServer.origin}/search/`);
      await page.locator('.pagefind-ui__search-input').fill('participant');
      const message = page.locator('.pagefind-ui__message');
      await expect.poll(() => message.innerText(), { timeout: 20_000 }).toBe('13 results for participant');
      await page.locator('.pagefind-ui__filter-name', { hasText: 'Country' }).click();
      await page.getByRole('checkbox', { name: /^Serbia/ }).check();
      await expect.poll(() => message.innerText(), { timeout: 20_000 }).toBe('4 results for participant');
      const results = page.locator('.pagefind-ui__result-link');
      // Pagefind UI writes the count first and fills in each result as its fragment loads.
      await expect.poll(() => results.count(), { timeout: 20_000 }).toBe(4);
      const titles = await results.allInnerTexts();
      expect(titles.sort()).toEqual(['Fixture item 12: anti-corruption conference', 'Fixture item 1: border police training', 'Fixture item 6: anti-corruption conference', 'Fixture item 7: border police training']);
    } finally {
      await close();
    }
  });

  it('searches every period’s shard at once, in the page’s language, with filters across shards', async () => {
    const root = copyFixture('search-periods');
    const result = runCli(['build'], { cwd: root });
    expect(result.code, result.stderr).toBe(0);
    const server = await serveStatic(path.join(root, 'dist'));
    const { page, foreign, close } = await openPage();
    try {
      // Five English items in four periods (2008, 2012, 2013, 2016, 2021): each shard answers for its own.
      await page.goto(`${server.origin}/search/?q=participant`);
      const message = page.locator('.pagefind-ui__message');
      await expect.poll(() => message.innerText(), { timeout: 20_000 }).toBe('5 results for participant');
      const results = page.locator('.pagefind-ui__result-link');
      await expect.poll(() => results.count(), { timeout: 20_000 }).toBe(5);
      expect((await results.allInnerTexts()).sort()).toEqual([
        'Border seminar held in Odesa',
        'Election observers trained in Kyiv',
        'Migration conference meets in Chisinau',
        'Patrol police officers build skills in Lviv',
        'Police academy opens a course in Chisinau',
      ]);
      // The filter's values and counts are added up over the shards.
      await page.locator('.pagefind-ui__filter-name', { hasText: 'Country' }).click();
      await page.getByRole('checkbox', { name: /^Ukraine/ }).check();
      await expect.poll(() => message.innerText(), { timeout: 20_000 }).toBe('3 results for participant');
      await expect.poll(() => results.count(), { timeout: 20_000 }).toBe(3);
      expect((await results.allInnerTexts()).sort()).toEqual(['Border seminar held in Odesa', 'Election observers trained in Kyiv', 'Patrol police officers build skills in Lviv']);

      // The French search page opens only the shards with French pages (2005–2009 and 2015–2019), never English results.
      await page.goto(`${server.origin}/fr/search/?q=participant`);
      await expect.poll(() => results.count(), { timeout: 20_000 }).toBe(2);
      expect((await results.allInnerTexts()).sort()).toEqual(['Des observateurs électoraux formés à Kiev', 'La police de patrouille se forme à Lviv']);
      expect(foreign).toEqual([]);
    } finally {
      await close();
      await server.close();
      removeDir(root);
    }
  });

  it('works on a project site served under a base path', async () => {
    const root = copyFixture('readers-site');
    const served = path.join(root, 'served');
    const result = runCli(['build', '--base-url', 'https://example.org/repo/', '--out', path.join(served, 'repo')], { cwd: root });
    expect(result.code, result.stderr).toBe(0);
    const server = await serveStatic(served);
    const { page, foreign, close } = await openPage();
    try {
      await page.goto(`${server.origin}/repo/search/?q=Bushuev`);
      const link = page.locator('.pagefind-ui__result-link');
      await link.first().waitFor({ timeout: 20_000 });
      expect(await link.first().getAttribute('href')).toBe('/repo/news/ukrainian-patrol-police/');
      await link.first().click();
      await expect.poll(() => page.url()).toBe(`${server.origin}/repo/news/ukrainian-patrol-police/`);
      expect(foreign).toEqual([]);
    } finally {
      await close();
      await server.close();
      removeDir(root);
    }
  });

  it('says so when the search index cannot be fetched, instead of showing an empty box', async () => {
    const { page, close } = await openPage();
    try {
      await page.route('**/pagefind/shards.json', (route) => route.fulfill({ status: 503, body: 'unavailable' }));
      await page.goto(`${fixtureServer.origin}/search/?q=Bushuev`);
      await expect.poll(() => page.getByRole('status').innerText()).toContain('Search is not available right now.');
      expect(await page.locator('.pagefind-ui__search-input').count()).toBe(0);
    } finally {
      await close();
    }
  });

  it('says, without JavaScript, that search needs it, and links the overviews', async () => {
    const context = await browser.newContext({ viewport: DESKTOP, javaScriptEnabled: false });
    const page = await context.newPage();
    try {
      await page.goto(`${fixtureServer.origin}/search/`);
      expect(await page.locator('.search__no-js').innerText()).toContain('Search needs JavaScript');
      await page.getByRole('main').getByRole('link', { name: 'Fields of work' }).click();
      await expect.poll(() => page.url()).toBe(`${fixtureServer.origin}/fields-of-work/`);
    } finally {
      await context.close();
    }
  });
});

describe('every page kind', () => {
  it('does not scroll sideways on a 375-pixel phone', async () => {
    const { page, close } = await openPage(PHONE);
    try {
      const overflowing: string[] = [];
      for (const [kind, url] of Object.entries(PAGE_KINDS)) {
        await page.goto(`${fixtureServer.origin}${url}`);
        // The open navigation is the widest thing a reader can produce: open every <details> first.
        await page.evaluate(() => document.querySelectorAll('details').forEach((d: Element) => d.setAttribute('open', '')));
        const width = await page.evaluate(() => document.documentElement.scrollWidth);
        if (width > PHONE.width) overflowing.push(`${kind} (${url}): ${width}px`);
      }
      expect(overflowing).toEqual([]);
    } finally {
      await close();
    }
  });

  it('has no serious or critical axe-core violation', async () => {
    const { page, close } = await openPage();
    try {
      const problems: string[] = [];
      for (const [kind, url] of Object.entries(PAGE_KINDS)) {
        await page.goto(`${fixtureServer.origin}${url}`);
        if (kind === 'search') {
          await page.locator('.pagefind-ui__search-input').fill('police');
          await page.locator('.pagefind-ui__result-link').first().waitFor({ timeout: 20_000 });
        }
        await page.addScriptTag({ path: AXE });
        const violations = await page.evaluate(async () => {
          const axe = (window as unknown as { axe: { run: (context: Document, options: object) => Promise<{ violations: { id: string; impact: string | null; nodes: { target: string[] }[] }[] }> } }).axe;
          const result = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] } });
          return result.violations.map((v) => ({ id: v.id, impact: v.impact, targets: v.nodes.slice(0, 3).map((n) => n.target.join(' ')) }));
        });
        for (const v of violations) {
          if (v.impact === 'serious' || v.impact === 'critical') problems.push(`${kind} (${url}): ${v.id} [${v.impact}] at ${v.targets.join(', ')}`);
        }
      }
      expect(problems).toEqual([]);
    } finally {
      await close();
    }
  });

  it('answers a missing address with the 404 page', async () => {
    const { page, close } = await openPage();
    try {
      const response = await page.goto(`${fixtureServer.origin}/no-such-page/`);
      expect(response?.status()).toBe(404);
      expect(await page.locator('h1').innerText()).toBe('Page not found');
    } finally {
      await close();
    }
  });
});

describe('screenshots for people to look at', () => {
  it('writes the home and item pages of the sample site at desktop and phone sizes', async () => {
    for (const [size, viewport] of [['desktop', DESKTOP], ['phone', PHONE]] as const) {
      const { page, close } = await openPage(viewport);
      try {
        for (const [name, url] of [['home', '/'], ['item', '/news/ukrainian-patrol-police/']] as const) {
          await page.goto(`${sampleServer.origin}${url}`);
          const file = path.join(SCREENSHOTS, `${name}-${size}.png`);
          const bytes = await page.screenshot({ path: file, fullPage: true });
          expect(bytes.length).toBeGreaterThan(5_000);
        }
      } finally {
        await close();
      }
    }
  });
});
