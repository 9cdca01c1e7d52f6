import { statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { watch, type FSWatcher } from 'chokidar';
import type { BuildResult } from '../build.js';
import type { Diagnostic } from '../diagnostics.js';
import { renderErrorPage } from './error-page.js';
import { createSiteRebuilder } from './rebuild.js';
import { EVENTS_PATH, RELOAD_SCRIPT } from './reload-client.js';
import { isPagePath, lookUpPath, reindexSiteFiles, updateSiteFiles } from './serve-files.js';
import type { OutputFile } from '../render/render-site.js';
import { unpacked } from '../render/packed-html.js';

export interface DevServerOptions {
  /** Default: process.cwd(). */
  readonly cwd?: string;
  /** Default `content`. */
  readonly contentDir?: string;
  /** Default `templates`. */
  readonly templatesDir?: string;
  /** Default 4000; 0 picks a free port. */
  readonly port?: number;
  /** Default false. */
  readonly drafts?: boolean;
  /** Default false. */
  readonly future?: boolean;
  /** `YYYY-MM-DD`, or a function giving it at each rebuild (the CLI's: today, unless SOURCE_DATE_EPOCH fixes it). */
  readonly buildDate: string | (() => string);
  /** Called after every build, good or bad (the CLI prints the diagnostics). */
  readonly onBuild?: (outcome: BuildOutcome) => void;
  /** Called when the file watcher fails (saves no longer rebuild); default: written to stderr. */
  readonly onWatchError?: (message: string) => void;
  /** Wait this long after the last change before rebuilding, so a save of several files builds once. Default `DEBOUNCE_MS`. */
  readonly debounceMs?: number;
}

/**
 * The events of one save (an editor's, or a checkout's several files) come
 * within a few milliseconds of each other; every millisecond waited is added
 * to the time from a save to the page's reload (the bench's dev edit).
 */
const DEBOUNCE_MS = 5;

/** What to tell an editor when the file watcher fails, with the usual fix for the usual cause. */
export function watchErrorMessage(error: unknown): string {
  const code = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : '';
  const message = error instanceof Error ? error.message : String(error);
  const fix =
    code === 'ENOSPC' || code === 'EMFILE'
      ? 'The system\'s limit on watched files is reached: raise it (on Linux, sysctl fs.inotify.max_user_watches=524288), then restart communique dev.'
      : 'Restart communique dev to see your saves again.';
  return `Communiqué can no longer watch the content and templates for changes (${message}); the preview still serves the last build. ${fix}`;
}

function writeToStderr(message: string): void {
  process.stderr.write(`${message}\n`);
}

/** Size and modification time of a file (or folder), or "gone". */
function fileSignature(file: string): string {
  try {
    const stats = statSync(file);
    return `${stats.size}:${stats.mtimeMs}`;
  } catch {
    return 'gone';
  }
}

export interface BuildOutcome {
  /** Counts up from 1 with every build. */
  readonly version: number;
  readonly result: BuildResult | null;
  /** Set when the build threw: a bug in Communiqué, not in the content. */
  readonly crash?: string;
  /** The file changes that caused it (empty for the first build). */
  readonly changed: readonly string[];
}

export interface DevServer {
  /** `http://127.0.0.1:<port>/` */
  readonly url: string;
  readonly port: number;
  /** The latest finished build. */
  current(): BuildOutcome;
  /** Resolves with the next build that finishes (tests use it to wait for a rebuild). */
  nextBuild(): Promise<BuildOutcome>;
  close(): Promise<void>;
}

/** Raised when the port is taken, so the CLI can say so plainly. */
export class PortInUseError extends Error {
  constructor(readonly port: number) {
    super(`Port ${port} is already in use.`);
  }
}

/**
 * Builds the site in memory, serves it on 127.0.0.1, watches content and
 * templates, rebuilds on change and tells open pages to reload (server-sent
 * events). While the content has errors, pages show them instead; the server
 * keeps running and recovers as soon as the files are fixed.
 */
export async function startDevServer(options: DevServerOptions): Promise<DevServer> {
  const cwd = options.cwd ?? process.cwd();
  const contentDir = path.resolve(cwd, options.contentDir ?? 'content');
  const templatesDir = path.resolve(cwd, options.templatesDir ?? 'templates');
  const clients = new Set<ServerResponse>();
  const waiting: ((outcome: BuildOutcome) => void)[] = [];
  // Updated in place by each rebuild (see `reindexSiteFiles`); only requests read it, between rebuilds.
  let files = new Map<string, OutputFile>();
  let latest: BuildOutcome = { version: 0, result: null, changed: [] };
  let baseUrl = '';

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      // A bug while serving one request must not stop the preview.
      if (!response.headersSent) send(response, 500, 'text/plain; charset=utf-8', `Communiqué failed to serve this request (a bug): ${error instanceof Error ? error.message : String(error)}`, false);
      else response.end();
    });
  });
  const port = await listen(server, options.port ?? 4000);
  baseUrl = `http://127.0.0.1:${port}/`;

  const rebuildSite = createSiteRebuilder();
  const runBuild = async (changed: readonly string[]): Promise<BuildOutcome> => {
    let outcome: BuildOutcome;
    try {
      const result = await rebuildSite({
        cwd,
        contentDir,
        templatesDir,
        baseUrl,
        drafts: options.drafts ?? false,
        future: options.future ?? false,
        buildDate: typeof options.buildDate === 'function' ? options.buildDate() : options.buildDate,
        changedPaths: changed,
      });
      // A failed build keeps the last good files for assets; pages show the errors.
      if (result.ok) files = result.patchedFiles ? updateSiteFiles(files, result.patchedFiles) : reindexSiteFiles(files, result.files);
      outcome = { version: latest.version + 1, result, changed };
    } catch (error) {
      outcome = { version: latest.version + 1, result: null, crash: error instanceof Error ? (error.stack ?? error.message) : String(error), changed };
    }
    latest = outcome;
    for (const client of clients) client.write(`event: reload\ndata: ${outcome.version}\n\n`);
    options.onBuild?.(outcome);
    for (const resolve of waiting.splice(0)) resolve(outcome);
    return outcome;
  };

  // Rebuilds never overlap: changes during a build are gathered and trigger one more.
  let building: Promise<unknown> = runBuild([]);
  let pendingChanges: string[] = [];
  let timer: NodeJS.Timeout | undefined;
  const schedule = (file: string): void => {
    pendingChanges.push(path.relative(cwd, file).split(path.sep).join('/'));
    clearTimeout(timer);
    timer = setTimeout(() => {
      building = building.then(async () => {
        const changed = [...new Set(pendingChanges)];
        pendingChanges = [];
        if (changed.length === 0) return;
        const signatures = new Map(changed.map((file) => path.resolve(cwd, file)).map((file) => [file, fileSignature(file)]));
        await runBuild(changed);
        // chokidar reports a file's changes at most once per 50 ms and drops the others: a save still being written when
        // the build read the file (truncated, then written) would otherwise never be built in full.
        for (const [file, signature] of signatures) if (fileSignature(file) !== signature) schedule(file);
      });
    }, options.debounceMs ?? DEBOUNCE_MS);
  };
  await building;

  const watcher: FSWatcher = watch([contentDir, templatesDir], {
    ignoreInitial: true,
    // Editors' swap and backup files are not content.
    ignored: (file: string) => /^\.|~$|\.swp$|\.tmp$/.test(path.basename(file)),
  });
  watcher.on('all', (_event, file) => schedule(file));
  // Unheard, chokidar's error event would end the preview with a stack trace (an EventEmitter throws it).
  watcher.on('error', (error: unknown) => (options.onWatchError ?? writeToStderr)(watchErrorMessage(error)));
  await new Promise<void>((resolve) => watcher.once('ready', () => resolve()));

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    let pathname: string;
    try {
      pathname = decodeURIComponent(url.pathname);
    } catch {
      pathname = url.pathname;
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { Allow: 'GET, HEAD' }).end();
      return;
    }
    if (pathname === EVENTS_PATH) {
      response.writeHead(200, { 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-cache', Connection: 'keep-alive' });
      response.write(`retry: 1000\n: connected to build ${latest.version}\n\n`);
      clients.add(response);
      request.on('close', () => clients.delete(response));
      return;
    }
    await building;
    const failed = latest.crash !== undefined || (latest.result !== null && !latest.result.ok);
    if (failed && isPagePath(pathname)) {
      send(response, 500, 'text/html; charset=utf-8', renderErrorPage(errorsOf(latest), latest.crash), request.method === 'HEAD');
      return;
    }
    const found = lookUpPath(files, pathname);
    if (found.kind === 'redirect') {
      response.writeHead(301, { Location: found.location }).end();
      return;
    }
    if (found.kind === 'file') {
      send(response, 200, found.contentType, found.contentType.startsWith('text/html') ? withReloadClient(unpacked(found.file.content)) : unpacked(found.file.content), request.method === 'HEAD');
      return;
    }
    const notFound = files.get('404.html');
    send(response, 404, 'text/html; charset=utf-8', notFound ? withReloadClient(unpacked(notFound.content)) : 'Not found', request.method === 'HEAD');
  }

  return {
    url: baseUrl,
    port,
    current: () => latest,
    nextBuild: () => new Promise((resolve) => waiting.push(resolve)),
    async close() {
      clearTimeout(timer);
      await watcher.close();
      for (const client of clients) client.end();
      clients.clear();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}

function errorsOf(outcome: BuildOutcome): readonly Diagnostic[] {
  return outcome.result?.diagnostics ?? [];
}

/**
 * The page with the live-reload client before its `</body>`. Added as each
 * page is served rather than when the site is built, so that the session
 * keeps one copy of each page's HTML (its page memo's), not two.
 */
function withReloadClient(html: string | Uint8Array): string {
  return (typeof html === 'string' ? html : Buffer.from(html).toString('utf8')).replace(/<\/body>/i, `${RELOAD_SCRIPT}</body>`);
}

function send(response: ServerResponse, status: number, contentType: string, body: string | Uint8Array, headOnly: boolean): void {
  const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
  response.writeHead(status, { 'Content-Type': contentType, 'Content-Length': bytes.byteLength, 'Cache-Control': 'no-store' });
  response.end(headOnly ? undefined : bytes);
}

function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException): void => {
      reject(error.code === 'EADDRINUSE' ? new PortInUseError(port) : error);
    };
    server.once('error', onError);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', onError);
      resolve((server.address() as AddressInfo).port);
    });
  });
}
