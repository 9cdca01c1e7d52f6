import type { FSWatcher } from 'chokidar';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { startDevServer, watchErrorMessage } from '../../src/dev/server.js';
import { newsItem, removeDir, writeSite } from '../helpers/site.js';

/** The dev server's chokidar watchers, kept so that a test can make one fail. */
const watchers = vi.hoisted(() => [] as FSWatcher[]);
vi.mock('chokidar', async (importOriginal) => {
  const real = (await importOriginal()) as typeof import('chokidar');
  return {
    ...real,
    watch: (...args: Parameters<typeof real.watch>): FSWatcher => {
      const watcher = real.watch(...args);
      watchers.push(watcher);
      return watcher;
    },
  };
});

const made: string[] = [];
afterAll(() => made.forEach(removeDir));

describe('communique dev, when the file watcher fails', { timeout: 30_000 }, () => {
  it('says so in plain words, with the fix for a full inotify limit, and keeps serving the last build', async () => {
    const dir = writeSite({ 'content/news/2016-09-13-live.md': newsItem({ title: 'First title' }) });
    made.push(dir);
    const told: string[] = [];
    const server = await startDevServer({ cwd: dir, port: 0, buildDate: '2026-01-15', onWatchError: (message) => told.push(message) });
    try {
      expect(watchers).toHaveLength(1);
      const limit = Object.assign(new Error('ENOSPC: System limit for number of file watchers reached'), { code: 'ENOSPC' });
      watchers[0]?.emit('error', limit);
      expect(told).toEqual([watchErrorMessage(limit)]);
      expect(told[0]).toContain('fs.inotify.max_user_watches');
      expect(told[0]).toContain('System limit for number of file watchers reached');
      const page = await fetch(`${server.url}news/live/`);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('First title');
    } finally {
      await server.close();
    }
  });

  it('names a restart as the fix for any other failure', () => {
    expect(watchErrorMessage(new Error('EACCES: permission denied'))).toMatch(/\(EACCES: permission denied\); .* Restart communique dev/);
  });
});
