import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { startDevServer, type DevServer } from '../../src/dev/server.js';
import { EVENTS_PATH } from '../../src/dev/reload-client.js';
import { cliPath, exists, FIXED_EPOCH, newsItem, readTree, removeDir, runCli, writeSite } from '../helpers/site.js';

const made: string[] = [];
const servers: DevServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});
afterAll(() => made.forEach(removeDir));

const ITEM = 'content/news/2016-09-13-live.md';

async function startOn(files: Record<string, string>): Promise<{ dir: string; server: DevServer }> {
  const dir = writeSite(files);
  made.push(dir);
  const server = await startDevServer({ cwd: dir, port: 0, buildDate: '2026-01-15', debounceMs: 30 });
  servers.push(server);
  return { dir, server };
}

/**
 * Reads the server-sent events stream and keeps every `event:` name that arrives. `connected` resolves with the
 * server's first message, sent once the stream is registered: an edit made before then could rebuild and send its
 * reload to no one (under load, a fixed wait was not always long enough).
 */
function listen(url: string): { events: string[]; connected: Promise<void>; waitFor: (name: string, count: number) => Promise<void>; close: () => void } {
  const events: string[] = [];
  let blocks = 0;
  const controller = new AbortController();
  const waiters: (() => void)[] = [];
  void (async () => {
    try {
      const response = await fetch(url, { signal: controller.signal });
      const reader = response.body!.getReader();
      const decoder = new TextDecoder();
      let buffer = '';
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += decoder.decode(value, { stream: true });
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const name = /^event: (.+)$/m.exec(block)?.[1];
          if (name) events.push(name);
          blocks += 1;
          waiters.splice(0).forEach((wake) => wake());
        }
      }
    } catch {
      // Aborted by close().
    }
  })();
  const untilFirstBlock = async (): Promise<void> => {
    while (blocks === 0) await new Promise<void>((resolve) => waiters.push(resolve));
  };
  return {
    events,
    connected: untilFirstBlock(),
    async waitFor(name, count) {
      while (events.filter((e) => e === name).length < count) await new Promise<void>((resolve) => waiters.push(resolve));
    },
    close: () => controller.abort(),
  };
}

async function get(url: string): Promise<{ status: number; text: string; type: string | null }> {
  const response = await fetch(url, { redirect: 'manual' });
  return { status: response.status, text: await response.text(), type: response.headers.get('content-type') };
}

// A dev test that fails tends to wait for an event that never comes: fail in 30 s rather than the default 120 s.
describe('communique dev', { timeout: 30_000 }, () => {
  it('serves the site from memory on 127.0.0.1 with the reload script, and writes nothing', async () => {
    const { dir, server } = await startOn({ [ITEM]: newsItem({ title: 'First title' }) });
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const page = await get(`${server.url}news/live/`);
    expect(page.status).toBe(200);
    expect(page.type).toBe('text/html; charset=utf-8');
    expect(page.text).toContain('<h1>First title</h1>');
    expect(page.text).toContain(`new EventSource("${EVENTS_PATH}")`);
    // Links and the canonical address point at the preview, whatever site.yaml's baseUrl says.
    expect(page.text).toContain(`<link rel="canonical" href="${server.url}news/live/">`);
    expect((await get(`${server.url}news/live`)).status).toBe(301);
    expect((await get(`${server.url}no/such/page/`)).status).toBe(404);
    expect(exists(path.join(dir, 'dist'))).toBe(false);
  });

  it('rebuilds when a file changes, serves the new page and sends a reload event', async () => {
    const { dir, server } = await startOn({ [ITEM]: newsItem({ title: 'First title' }) });
    const stream = listen(`${server.url}${EVENTS_PATH.slice(1)}`);
    try {
      await stream.connected;
      const rebuilt = server.nextBuild();
      writeFileSync(path.join(dir, ITEM), newsItem({ title: 'Second title' }));
      const outcome = await rebuilt;
      expect(outcome.changed).toEqual([ITEM]);
      expect(outcome.result?.ok).toBe(true);
      await stream.waitFor('reload', 1);
      expect(stream.events).toEqual(['reload']);
      const page = await get(`${server.url}news/live/`);
      expect(page.text).toContain('<h1>Second title</h1>');
      expect(page.text).not.toContain('First title');
      // Only the title changed: patched into the last build, and every page listing the item shows the new one.
      expect(outcome.result?.patched).toBe(true);
      for (const list of ['', 'news/', 'news/2016/', 'structures/conflict-prevention-centre/', 'structures/secretariat/']) {
        const listed = await get(`${server.url}${list}`);
        expect(listed.text, list).toContain('Second title');
        expect(listed.text, list).not.toContain('First title');
      }
      expect((await get(`${server.url}news/atom.xml`)).text).toContain('<title type="html"><![CDATA[Second title]]></title>');

      // A new date moves the item to other pages: a full rebuild.
      const moved = server.nextBuild();
      writeFileSync(path.join(dir, ITEM), newsItem({ title: 'Second title', date: '2017-02-01' }));
      const movedOutcome = await moved;
      expect(movedOutcome.result?.ok).toBe(true);
      expect(movedOutcome.result?.patched).toBeUndefined();
      expect((await get(`${server.url}news/2017/`)).text).toContain('Second title');
      expect((await get(`${server.url}news/2016/`)).status).toBe(404);
    } finally {
      stream.close();
    }
  });

  it('builds again a file changed after the rebuild read it, though the watcher drops that change (chokidar reports a file at most once in 50 ms)', async () => {
    const dir = writeSite({ [ITEM]: newsItem({ title: 'First title' }) });
    made.push(dir);
    const item = path.join(dir, ITEM);
    // The second save lands as the first save's rebuild ends: after it read the file, within chokidar's 50 ms.
    const server = await startDevServer({
      cwd: dir,
      port: 0,
      buildDate: '2026-01-15',
      onBuild: (outcome) => {
        if (outcome.version === 2) writeFileSync(item, newsItem({ title: 'Third title, longer' }));
      },
    });
    servers.push(server);
    const first = server.nextBuild();
    writeFileSync(item, newsItem({ title: 'Second title' }));
    expect((await first).version).toBe(2);
    const again = await server.nextBuild();
    expect(again.changed).toEqual([ITEM]);
    expect(again.result?.ok).toBe(true);
    expect((await get(`${server.url}news/live/`)).text).toContain('<h1>Third title, longer</h1>');
  });

  it('takes the build date at each rebuild, so a preview left running shows a scheduled item once its day comes', async () => {
    const dir = writeSite({ [ITEM]: newsItem({ title: 'Scheduled', date: '2026-01-16' }) });
    made.push(dir);
    let today = '2026-01-15';
    const server = await startDevServer({ cwd: dir, port: 0, buildDate: () => today, debounceMs: 30 });
    servers.push(server);
    expect((await get(`${server.url}news/live/`)).status).toBe(404);
    today = '2026-01-16';
    const rebuilt = server.nextBuild();
    writeFileSync(path.join(dir, 'content/news/other.md'), newsItem({ title: 'Any edit' }));
    expect((await rebuilt).result?.ok).toBe(true);
    expect((await get(`${server.url}news/live/`)).text).toContain('<h1>Scheduled</h1>');
  });

  it('shows the errors on an error page while a file is broken, keeps running, and recovers when it is mended', async () => {
    const { dir, server } = await startOn({ [ITEM]: newsItem({ title: 'Good title' }) });
    const stylesheet = /<link rel="stylesheet" href="([^"]+)">/.exec((await get(`${server.url}news/live/`)).text)?.[1] ?? '';
    expect(stylesheet).toMatch(/^\/assets\/style\.[0-9a-f]+\.css$/);
    const stream = listen(`${server.url}${EVENTS_PATH.slice(1)}`);
    try {
      await stream.connected;
      let rebuilt = server.nextBuild();
      writeFileSync(path.join(dir, ITEM), newsItem({ title: 'Good title', fieldsOfWork: '[polcing]' }));
      expect((await rebuilt).result?.ok).toBe(false);
      await stream.waitFor('reload', 1);
      for (const url of [`${server.url}news/live/`, server.url, `${server.url}fields-of-work/`]) {
        const page = await get(url);
        expect(page.status, url).toBe(500);
        expect(page.text, url).toContain('The site cannot be built: 1 error, 0 warnings');
        expect(page.text, url).toContain('content/news/2016-09-13-live.md:6:16: error: Unknown field of work &quot;polcing&quot;. Did you mean &quot;policing&quot;? [unknown-term]');
        expect(page.text, url).toContain(`new EventSource("${EVENTS_PATH}")`);
      }
      // Assets of the last good build still load, so the error page is not the only thing that works.
      const css = await get(`${server.url}${stylesheet.slice(1)}`);
      expect(css.status).toBe(200);
      expect(css.type).toBe('text/css; charset=utf-8');

      rebuilt = server.nextBuild();
      writeFileSync(path.join(dir, ITEM), newsItem({ title: 'Mended title', fieldsOfWork: '[policing]' }));
      expect((await rebuilt).result?.ok).toBe(true);
      await stream.waitFor('reload', 2);
      const page = await get(`${server.url}news/live/`);
      expect(page.status).toBe(200);
      expect(page.text).toContain('<h1>Mended title</h1>');
    } finally {
      stream.close();
    }
  });

  it('rebuilds when a template changes', async () => {
    const { dir, server } = await startOn({ [ITEM]: newsItem({ title: 'Templated' }) });
    const rebuilt = server.nextBuild();
    const template = path.join(dir, 'templates/item.liquid');
    writeFileSync(template, readFileSync(template, 'utf8').replace('{% block content %}', '{% block content %}<p class="marker">changed template</p>'));
    expect((await rebuilt).result?.ok).toBe(true);
    expect((await get(`${server.url}news/live/`)).text).toContain('<p class="marker">changed template</p>');
  });

  it('never puts the reload script into a real build', () => {
    const dir = writeSite({ [ITEM]: newsItem({}) });
    made.push(dir);
    expect(runCli(['build'], { cwd: dir }).code).toBe(0);
    for (const [file, bytes] of readTree(path.join(dir, 'dist'))) expect(bytes.toString('utf8'), file).not.toContain(EVENTS_PATH);
  });

  it('runs from the CLI, prints its address, shows a bad edit\'s errors in the terminal, and stops cleanly on SIGTERM', async () => {
    const dir = writeSite({ [ITEM]: newsItem({ title: 'From the CLI' }) });
    made.push(dir);
    const child = spawn(process.execPath, [cliPath, 'dev', '--port', '0'], { cwd: dir, env: { ...process.env, SOURCE_DATE_EPOCH: FIXED_EPOCH } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const until = async (done: () => boolean): Promise<void> => {
      while (!done()) await new Promise((resolve) => setTimeout(resolve, 50));
    };
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      await until(() => /Serving (http:\S+)/.test(stdout));
      const url = /Serving (http:\S+)/.exec(stdout)?.[1] ?? '';
      expect(stdout).toMatch(/^Built \d+ pages in \d+\.\d\d s\.$/m);
      expect((await get(`${url}news/live/`)).text).toContain('<h1>From the CLI</h1>');
      writeFileSync(path.join(dir, ITEM), newsItem({ title: 'From the CLI', countries: '[ukrane]' }));
      await until(() => stderr.includes('The browser shows them too'));
      expect(stderr).toBe(
        'content/news/2016-09-13-live.md:6:13: error: Unknown country "ukrane". Did you mean "ukraine"? [unknown-term]\n' +
          'content/news/2016-09-13-live.md changed: 1 error, 0 warnings. The browser shows them too; fix and save to rebuild.\n',
      );
      writeFileSync(path.join(dir, ITEM), newsItem({ title: 'Mended from the CLI', countries: '[ukraine]' }));
      await until(() => stdout.includes('content/news/2016-09-13-live.md changed: rebuilt'));
      expect((await get(`${url}news/live/`)).text).toContain('<h1>Mended from the CLI</h1>');
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
  });

  it('refuses a port that is not a number', () => {
    const dir = writeSite({});
    made.push(dir);
    const result = runCli(['dev', '--port', 'eighty'], { cwd: dir });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--port "eighty" is not a port number (0–65535).');
  });
});
