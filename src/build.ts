import { rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createDiagnosticSink, hasErrors, sortDiagnostics, type Diagnostic, type DiagnosticSink } from './diagnostics.js';
import { loadContentSources, rereadSourceText, toPosix, type SourceFile } from './load/read-sources.js';
import { loadTemplateSources } from './load/read-templates.js';
import { resolveSiteConfig } from './model/config.js';
import { resolveItems } from './model/items.js';
import { buildSiteModel } from './model/site-model.js';
import type { SiteModel } from './model/types.js';
import { buildVocabularies } from './model/vocabularies.js';
import { parseInterfaceStrings } from './parse/interface-strings.js';
import type { ParsedItem } from './parse/item.js';
import { parseItemFileMemoized, withoutText, type ParseMemo } from './incremental/parse-memo.js';
import { parseSiteConfig } from './parse/site-config.js';
import { parseVocabularyFile } from './parse/vocabulary.js';
import { openBodyCache, type BodyCache } from './cache/body-cache.js';
import { openParseCache, type ParseCache } from './cache/parse-cache.js';
import { fingerprintInputs, openCachedOutput, upToDateResult } from './cache/build-cache.js';
import { readOutputManifest, type OutputManifest } from './cache/output-manifest.js';
import { publishedPagesFrom } from './cache/published-pages.js';
import { startItemBodies } from './render/render-bodies.js';
import { loadMarkdownHere } from './render/markdown-pool.js';
import { SOURCE_CHANGED, type BodyOutcome } from './render/markdown-job.js';
import type { BodyInFile } from './load/source-bytes.js';
import type { RenderedBody } from './render/markdown-types.js';
import { planOutput, renderSite, renderSiteToMemory, type ItemSourceTexts, type OutputFile, type PageMemo, type RenderInput } from './render/render-site.js';
import { SearchIndexError, searchBundleUntouched, startSearchIndex } from './search/pagefind-index.js';
import { createPageRenderPool, PAGE_WORKER_HEAP, type PageRenderPool } from './render/page-pool.js';
import { SEARCH_BUNDLE_DIR, searchShardOf } from './search/bundle-files.js';
import { outputFileFor } from './model/urls.js';
import { recoverInterruptedBuild, type WriteHooks } from './write/atomic-output.js';
import { createStageClock, type StageClock, type StageTiming } from './stage-clock.js';
import { guardedBodyOf, reportSourceChanged, reportTooComplex, reportTooDeeplyNested, tooComplexAt } from './render/body-guard.js';
import { patchTextEdit, type LastBuildMemo } from './incremental/text-edit.js';
import { contentHash } from './render/packed-html.js';

export interface BuildOptions {
  /** Folder relative paths are resolved against, and diagnostics are shown relative to. Default: process.cwd(). */
  readonly cwd?: string;
  /** Default `content`. */
  readonly contentDir?: string;
  /** Default `templates`. */
  readonly templatesDir?: string;
  /** Default `dist`. */
  readonly outDir?: string;
  /** Overrides site.yaml's baseUrl. */
  readonly baseUrl?: string | undefined;
  /** Include `draft: true` items. Default false. */
  readonly drafts?: boolean;
  /** Include items dated after the build date. Default false. */
  readonly future?: boolean;
  /** `YYYY-MM-DD`. Required: the CLI derives it from SOURCE_DATE_EPOCH or today. */
  readonly buildDate: string;
  /** Write the site (build) or only validate and render in memory (check). Default true. */
  readonly write?: boolean;
  /** Build the Pagefind search index into `pagefind/` when writing. Default true. */
  readonly searchIndex?: boolean;
  readonly hooks?: WriteHooks;
  /**
   * Folder of the persistent build cache (rendered bodies, output manifest),
   * relative to `cwd`; null for none. Default null here; the CLI passes
   * `.cache/communique` unless given `--cache DIR` or `--no-cache`.
   */
  readonly cacheDir?: string | null;
  /** Bodies kept by an incremental session (takes precedence over `cacheDir`'s). */
  readonly bodyCache?: BodyCache;
  /** Parsed item files kept by an incremental session (or the dev server). */
  readonly parseMemo?: ParseMemo;
  /** Pages kept by an incremental session; see `RenderInput.pageMemo`. */
  readonly pageMemo?: PageMemo;
  /**
   * The last in-memory build of a session (dev server, build session), kept
   * here by each successful one. With `changedPaths` naming one item file
   * whose edit changed only its words, the next build patches it instead of
   * rebuilding (see `patchTextEdit`).
   */
  readonly lastBuild?: LastBuildMemo;
  /** The files changed since the last build of the session (from a file watcher), absolute or relative to `cwd`. */
  readonly changedPaths?: readonly string[];
  /**
   * Replaces the atomic write (an incremental session writes only the files
   * that changed). `onlyChanged`, when given, holds the only files that can
   * differ from the last write (a patched edit); the site has the same paths.
   */
  readonly writeFiles?: (outDir: string, files: readonly OutputFile[], onlyChanged?: readonly OutputFile[]) => Promise<void>;
  /** Fewest bodies to render before worker threads are used. Default 64. */
  readonly workerThreshold?: number;
  /** Fewest pages a site must have before a build runs templates on a page worker too. Default 400. */
  readonly pageWorkerThreshold?: number;
}

/**
 * Below this many pages, a build runs every template on the main thread: starting a page worker (a fresh thread that
 * loads LiquidJS and runs it cold) costs a small site more than it saves. The sample site (166 pages) built in
 * 1.10-1.26 s and 162-168 MiB with the worker, 0.94-1.10 s and 122-128 MiB without (five runs each).
 */
const PAGE_WORKER_THRESHOLD = 400;

export interface BuildResult {
  /** True when there was no error and (if writing) the site was written. */
  readonly ok: boolean;
  /** Every problem found, sorted by file and line. */
  readonly diagnostics: Diagnostic[];
  readonly pageCount: number;
  /** The files of the site, when it was kept in memory (`write: false`, or `writeFiles`); empty when written straight to disk. */
  readonly files: readonly OutputFile[];
  /** How many files the site has (written or in `files`). */
  readonly fileCount: number;
  readonly model: SiteModel | null;
  readonly durationMs: number;
  /** Time spent in each stage, in order (load, parse, model, bodies, render, write, search). */
  readonly timings: readonly StageTiming[];
  /** True when the cache showed nothing had changed since the last build, so nothing was rendered or written (`files` is then empty). */
  readonly upToDate?: boolean;
  /** True when a text-only edit of one item was patched into the last build (see `BuildOptions.lastBuild`). */
  readonly patched?: boolean;
  /** With `patched`: the files rendered again, the only ones of `files` that can differ from the last build's. */
  readonly patchedFiles?: readonly OutputFile[];
  /** Pages kept (hard-linked) from the last build's output instead of rendered, their views and templates being unchanged (builds with a cache). */
  readonly pagesReused?: number;
}

/**
 * Runs the pipeline load → parse → model → render → write. Content problems
 * never throw: they are collected, and if any is an error nothing is written
 * and the previous output stays as it was.
 */
export async function build(options: BuildOptions): Promise<BuildResult> {
  const started = performance.now();
  const cwd = options.cwd ?? process.cwd();
  const contentDir = path.resolve(cwd, options.contentDir ?? 'content');
  const templatesDir = path.resolve(cwd, options.templatesDir ?? 'templates');
  const outDir = path.resolve(cwd, options.outDir ?? 'dist');
  const sink = createDiagnosticSink();
  const clock = createStageClock();
  const finish = (model: SiteModel | null, files: readonly OutputFile[], ok: boolean): BuildResult => ({
    ok: ok && !hasErrors(sink.list),
    diagnostics: sortDiagnostics(sink.list),
    pageCount: model ? model.pages.length : 0,
    files,
    fileCount: files.length,
    model,
    durationMs: performance.now() - started,
    timings: clock.timings,
  });

  // A killed build's leftovers are cleaned (and a retired site put back) even if this build then fails.
  if (options.write ?? true) await recoverInterruptedBuild(outDir);

  const write = options.write ?? true;
  const settingsKey = JSON.stringify([contentDir, templatesDir, outDir, write, options.baseUrl ?? null, options.drafts ?? false, options.future ?? false, options.buildDate]);
  // The last build is handed on only by a successful build; a patch attempt consumes it either way.
  const lastBuild = options.lastBuild?.current ?? null;
  if (options.lastBuild) options.lastBuild.current = null;
  if (lastBuild && options.lastBuild && options.bodyCache && options.changedPaths && lastBuild.settingsKey === settingsKey && (!write || options.writeFiles)) {
    const patched = await patchTextEdit(lastBuild, options.changedPaths, { cwd, bodyCache: options.bodyCache, parseMemo: options.parseMemo });
    if (patched) {
      clock.mark('patch');
      if (options.writeFiles) {
        await options.writeFiles(outDir, patched.files, patched.rendered);
        clock.mark('write');
      }
      options.lastBuild.current = patched.state;
      const { model } = patched.state;
      return {
        ok: true,
        diagnostics: [...lastBuild.diagnostics],
        pageCount: model.pages.length,
        files: patched.files,
        fileCount: patched.files.length,
        model,
        durationMs: performance.now() - started,
        timings: clock.timings,
        patched: true,
        patchedFiles: patched.rendered,
      };
    }
  }

  // Everything up to the render stage, in its own function: what it reads (every item's text, parsed front
  // matter) is let go when it returns, instead of staying in this function's frame while the site renders.
  const prepared = await prepareRender(options, { cwd, contentDir, templatesDir, outDir, write }, sink, clock);
  if (prepared.kind === 'up-to-date') return { ...prepared.result, durationMs: performance.now() - started, timings: clock.timings };
  if (prepared.kind === 'stopped') return finish(prepared.model, [], false);
  const { model, renderInput, bodyCache, parseCache, cacheDir, fingerprint, previousOutput } = prepared;

  if (!write || options.writeFiles) {
    // check, the dev server and incremental sessions keep the site in memory.
    const { files, renderer } = await renderSiteToMemory(renderInput, sink);
    // A session patches an edited body on this thread: the Markdown stack loads while the files are written, and is
    // in before the build returns (below), so that the first save after it does not wait for the stack's modules (the
    // bench's first edit, saved as soon as the dev server was ready, spent 15-20 ms of its time evaluating them).
    const markdownLoaded = options.lastBuild ? loadMarkdownHere().then(() => undefined, () => undefined) : null;
    clock.mark('render');
    if (hasErrors(sink.list)) return finish(model, [], false);
    const result = finish(model, files, true);
    if (write && options.writeFiles) {
      await options.writeFiles(outDir, files);
      await Promise.all([bodyCache.save(), parseCache?.save()]);
      clock.mark('write');
    }
    await markdownLoaded;
    if (options.lastBuild && result.ok) {
      options.lastBuild.current = {
        settingsKey,
        contentDir,
        model,
        renderer,
        parsed: prepared.parsedByFile ?? new Map(),
        files,
        fileIndex: new Map(files.map((file, index) => [file.path, index])),
        diagnostics: result.diagnostics,
      };
    }
    return { ...result, durationMs: performance.now() - started };
  }

  // render and write: each file is written as soon as it is rendered, and each page handed to the search indexer
  // (Pagefind, in its own process), so the whole site is never held in memory.
  const published = await renderAndPublish(renderInput, sink, clock, {
    outDir,
    cacheDir,
    fingerprint,
    previousOutput,
    hooks: options.hooks,
    searchIndex: options.searchIndex ?? true,
    outDisplay: toPosix(path.relative(cwd, outDir)) || '.',
    pageWorker: model.pages.length >= (options.pageWorkerThreshold ?? PAGE_WORKER_THRESHOLD),
  });
  if (!published.ok) return finish(model, [], false);
  await Promise.all([bodyCache.save(), parseCache?.save()]);
  clock.mark('cache');
  return { ...finish(model, [], true), fileCount: published.fileCount, pagesReused: published.pagesReused, durationMs: performance.now() - started };
}

/** What `prepareRender` hands the render stage, or why a build stops before it. */
type PreparedRender =
  | { readonly kind: 'up-to-date'; readonly result: NonNullable<Awaited<ReturnType<typeof upToDateResult>>> }
  | { readonly kind: 'stopped'; readonly model: SiteModel | null }
  | {
      readonly kind: 'ready';
      readonly model: SiteModel;
      readonly renderInput: RenderInput;
      readonly bodyCache: BodyCache;
      readonly parseCache: ParseCache | null;
      readonly cacheDir: string | null;
      readonly fingerprint: string | null;
      readonly previousOutput: OutputManifest | null;
      /** Parsed item files by display path, for a session's next patch (`BuildOptions.lastBuild`); else null. */
      readonly parsedByFile: Map<string, ParsedItem> | null;
    };

/**
 * Load, parse and model, with the bodies started on their way: everything
 * the render stage needs, or the reason to stop (nothing changed, or errors,
 * reported to `sink`).
 */
async function prepareRender(
  options: BuildOptions,
  { cwd, contentDir, templatesDir, outDir, write }: { readonly cwd: string; readonly contentDir: string; readonly templatesDir: string; readonly outDir: string; readonly write: boolean },
  sink: DiagnosticSink,
  clock: StageClock,
): Promise<PreparedRender> {
  const cacheDir = options.cacheDir ? path.resolve(cwd, options.cacheDir) : null;
  // A session keeps its own memo; a build reads what earlier builds parsed from the cache folder. Opened first: an
  // item file it knows by its bytes is not even decoded (see `readSourceFile`).
  const parseCache = options.parseMemo ? null : await openParseCache(cacheDir);

  // load
  const [content, templateSources] = await Promise.all([loadContentSources(contentDir, cwd, parseCache?.knows), loadTemplateSources(templatesDir, cwd)]);
  clock.mark('load');
  const contentDisplay = toPosix(path.relative(cwd, contentDir)) || '.';
  const templatesDisplay = toPosix(path.relative(cwd, templatesDir)) || '.';

  // Nothing changed since the last build into the same folder: the output on disk is already right.
  const fingerprint = cacheDir && write && !options.writeFiles ? fingerprintInputs(content, templateSources, options) : null;
  // The manifest of the last build: read once, for this check and for reusing that build's pages and files.
  const previousOutput = cacheDir && fingerprint ? await readOutputManifest(cacheDir) : null;
  if (cacheDir && fingerprint) {
    const upToDate = await upToDateResult(previousOutput, outDir, fingerprint);
    // The search bundle is not in the manifest (Pagefind writes it): checked against the search cache instead.
    if (upToDate && (!(options.searchIndex ?? true) || (await searchBundleUntouched(cacheDir, outDir, fingerprint)))) return { kind: 'up-to-date', result: upToDate };
  }

  // parse
  const site = parseSiteConfig(content.site, contentDisplay, sink);
  const languageCodes = site ? site.data.languages.map((l) => l.code) : ['en'];
  const vocabularyFiles = content.vocabularies.map((file) => parseVocabularyFile(file, sink)).filter((v) => v !== null);
  const parseItem = (file: SourceFile): ParsedItem | null => (parseCache ? parseCache.parse(file, languageCodes, sink) : parseItemFileMemoized(file, languageCodes, sink, options.parseMemo));
  const parsedItems = content.items.map(parseItem).filter((i): i is ParsedItem => i !== null);
  const strings = parseInterfaceStrings(templateSources.strings, languageCodes, templatesDisplay, sink);
  if (!site) return { kind: 'stopped', model: null };
  clock.mark('parse');

  // Bodies render (on worker threads when there are many) while the main thread builds the model.
  const config = resolveSiteConfig(site.data, { baseUrl: options.baseUrl });
  const bodyCache = options.bodyCache ?? (await openBodyCache(cacheDir));
  // What would hang or overflow the Markdown parser is refused before any thread sees it.
  const renderable = parsedItems.filter((item) => !reportTooDeeplyNested(guardedBodyOf(item), sink));
  const inPageOrder = inRenderOrder(renderable, languageCodes);
  // A build that publishes lets each body go once its pages are written: its Markdown workers read each body from its
  // file, so the texts can go once this stage is done, and render only a little ahead of the pages (bodies rendered
  // early wait in memory). check and sessions send the Markdown, all at once: a session keeps every body anyway, and
  // an editor saving during its build must not fail it.
  const publishing = write && !options.writeFiles;
  const bodiesRendering = startItemBodies(
    inPageOrder.map((item) => ({ displayPath: item.source.displayPath, relativePath: item.source.relativePath, bodyHash: item.bodyFacts.hash, markdown: () => item.body, ...(publishing ? bodyInFile(item) : {}) })),
    config.rawHtml,
    bodyCache,
    { ...(options.workerThreshold === undefined ? {} : { threshold: options.workerThreshold }), ...(publishing ? { lead: BODY_LEAD } : {}) },
  );
  const bodies = reportingBodyProblems(bodiesRendering.each, inPageOrder, sink);

  // model
  const vocabularies = buildVocabularies(vocabularyFiles, languageCodes, sink);
  const vocabularyById = new Map(vocabularies.map((v) => [v.id, v]));
  const items = resolveItems(parsedItems, { vocabularies: vocabularyById, defaultLanguage: config.defaultLanguage, basePath: config.basePath, sink });
  const model = buildSiteModel(
    { config, configYaml: site.yaml, configFile: site.file, vocabularies, items },
    { includeDrafts: options.drafts ?? false, includeFuture: options.future ?? false, buildDate: options.buildDate },
    sink,
  );

  clock.mark('model');

  // render: every body is rendered (check validates drafts and scheduled items too); pages render while they are.
  if (hasErrors(sink.list)) {
    bodiesRendering.need();
    await Promise.all(bodies.values());
    return { kind: 'stopped', model };
  }
  // Read again only to place a diagnostic about an item's links (a session would otherwise hold every text).
  const itemSources = sourcesOnDisk(parsedItems);
  const renderInput: RenderInput = {
    model,
    bodies,
    needBody: bodiesRendering.need,
    itemSources,
    templates: templateSources.templates,
    templatesDisplayPath: templatesDisplay,
    assets: templateSources.assets,
    strings,
    ...(options.pageMemo ? { pageMemo: options.pageMemo } : {}),
  };

  return {
    kind: 'ready',
    model,
    renderInput,
    bodyCache,
    parseCache,
    cacheDir,
    fingerprint,
    previousOutput,
    parsedByFile: options.lastBuild ? new Map(parsedItems.map((item) => [item.source.displayPath, withoutText(item)])) : null,
  };
}

/**
 * How many bodies past the one the pages are waiting for a build's Markdown workers may render. Enough to keep both
 * cores busy (eight batches); more only holds finished bodies in memory until their pages come.
 */
const BODY_LEAD = 256;

/** Where a worker can read an item's body again (see `rereadBody`); nothing when its facts cannot say. */
function bodyInFile(item: ParsedItem): { inFile: BodyInFile } | Record<string, never> {
  const bodyStart = item.bodyFacts.start;
  return bodyStart === null ? {} : { inFile: { absolutePath: item.source.absolutePath, hash: item.source.hash, bodyStart } };
}

/**
 * The bodies as the render stage takes them, each one's problem reported as it comes back: a body too complex to
 * render, or whose file was saved again during the build, stops the build before anything is published. A function
 * of its own, with a loop, so that the callbacks waiting for bodies keep only what they need: where each problem is
 * reported (found now, not from the item's text) and the sink.
 */
function reportingBodyProblems(each: ReadonlyMap<string, Promise<BodyOutcome>>, items: readonly ParsedItem[], sink: DiagnosticSink): Map<string, Promise<RenderedBody | null>> {
  const bodies = new Map<string, Promise<RenderedBody | null>>();
  for (const item of items) {
    const file = item.source.displayPath;
    const tooComplex = tooComplexAt(guardedBodyOf(item));
    const body = (each.get(file) as Promise<BodyOutcome>).then((result) => {
      if (result === SOURCE_CHANGED) {
        reportSourceChanged(file, sink);
        return null;
      }
      if (!result) reportTooComplex(tooComplex, sink);
      return result;
    });
    bodies.set(file, body);
  }
  return bodies;
}

/** Each item's text by display path, read again from its file when asked for (see `rereadSourceText`). */
function sourcesOnDisk(items: readonly ParsedItem[]): ItemSourceTexts {
  const files = new Map(items.map((item) => [item.source.displayPath, item.source.absolutePath]));
  return {
    get: (file) => {
      const absolutePath = files.get(file);
      return absolutePath === undefined ? undefined : rereadSourceText(absolutePath);
    },
  };
}

/**
 * Items in the order the render stage takes their pages: language by language
 * (in site.yaml's order), newest first, so the workers parse the bodies in
 * about the order the main thread waits for them. Only speed depends on it.
 */
function inRenderOrder(items: readonly ParsedItem[], languages: readonly string[]): ParsedItem[] {
  const originalDates = new Map(items.filter((item) => !item.isTranslation).map((item) => [item.key, item.data.date]));
  const dateOf = (item: ParsedItem): string => item.data.date ?? originalDates.get(item.key) ?? '';
  const rank = (item: ParsedItem): number => {
    const index = languages.indexOf(item.lang);
    return index < 0 ? languages.length : index;
  };
  return [...items].sort((a, b) => rank(a) - rank(b) || (dateOf(a) < dateOf(b) ? 1 : dateOf(a) > dateOf(b) ? -1 : 0) || (a.source.displayPath < b.source.displayPath ? -1 : 1));
}

interface PublishOptions {
  readonly outDir: string;
  readonly cacheDir: string | null;
  readonly fingerprint: string | null;
  /** The manifest of the last build into `outDir` (with a cache). */
  readonly previousOutput: OutputManifest | null;
  readonly hooks: WriteHooks | undefined;
  readonly searchIndex: boolean;
  /** `outDir` as shown in diagnostics. */
  readonly outDisplay: string;
  /** Whether templates may run on a page worker too (see `PAGE_WORKER_THRESHOLD`). */
  readonly pageWorker: boolean;
}

/**
 * Renders the site into a staging folder, file by file, with the search index
 * built alongside, and swaps it in; or, when any error was reported (content,
 * template, link, search index), discards the staging folder and leaves the
 * output as it was.
 */
async function renderAndPublish(input: RenderInput, sink: DiagnosticSink, clock: StageClock, options: PublishOptions): Promise<{ ok: boolean; fileCount: number; pagesReused: number }> {
  const { model } = input;
  // Only places the `mid-write` test pause.
  const expectedFiles = planOutput(model, input.assets).paths.size;
  const search = options.searchIndex
    ? startSearchIndex({ shards: searchShardsOf(model), cacheDir: options.cacheDir, outDir: options.outDir, previousBuild: options.previousOutput?.fingerprint ?? null, thisBuild: options.fingerprint })
    : null;
  const afterWrite = async (staging: string): Promise<void> => {
    clock.mark('render and write');
    // The search bundle goes into the staging folder, so it is swapped in with the pages it indexes.
    if (search) {
      await search.writeTo(staging);
      clock.mark('search index');
    } else {
      // A spare build folder (see atomic-output.ts) may hold the bundle of the build before last.
      await rm(path.join(staging, SEARCH_BUNDLE_DIR), { recursive: true, force: true });
    }
    await options.hooks?.afterWrite?.(staging);
  };
  const errors = createErrorWatch(sink);
  // Templates run on the cores this thread does not use, started only if a page needs rendering.
  let pagePool: PageRenderPool | null = null;
  const startPagePool = (): PageRenderPool => (pagePool ??= createPageRenderPool(Math.max(1, os.availableParallelism() - 1), PAGE_WORKER_HEAP));
  try {
    const output = await openCachedOutput(options.outDir, expectedFiles, { ...options.hooks, afterWrite }, options.cacheDir ? { dir: options.cacheDir, previous: options.previousOutput } : null);
    // Pages are kept from the last build's output, looked at where this build finds them (see `previousFileIfUntouched`).
    const publishedPages = options.cacheDir ? publishedPagesFrom(options.previousOutput, options.outDir, output.filledFromSpare ? output.dir : undefined) : undefined;
    search?.writeShardsEarlyInto(output.dir);
    let fileCount: number;
    try {
      ({ fileCount } = await renderSite({ ...input, ...(publishedPages ? { publishedPages } : {}), ...(options.pageWorker ? { pagePool: startPagePool } : {}) }, sink, async (rendered) => {
        // Once the build has an error it will not be published: rendering goes on (to report every problem), writing stops.
        if (errors.found()) return;
        // Hashed once, for the output manifest and the search cache.
        const file = options.cacheDir && 'content' in rendered && rendered.hash === undefined ? { ...rendered, hash: contentHash(rendered.content) } : rendered;
        await search?.add(file);
        await output.write(file);
      }));
    } catch (error) {
      await search?.stopEarlyWrites();
      await output.abort();
      throw error;
    }
    if (errors.found()) {
      await search?.stopEarlyWrites();
      await output.abort();
      clock.mark('render');
      return { ok: false, fileCount: 0, pagesReused: 0 };
    }
    const diagnostics = sortDiagnostics(sink.list);
    await output.commit();
    clock.mark('swap');
    await output.saveManifest({ fingerprint: options.fingerprint, pageCount: model.pages.length, diagnostics, pageKeys: publishedPages?.keys ?? new Map(), pageLinks: publishedPages?.linkFilters ?? new Map() });
    await search?.saveCache();
    return { ok: true, fileCount, pagesReused: publishedPages?.reusedCount ?? 0 };
  } catch (error) {
    if (!(error instanceof SearchIndexError)) throw error;
    sink.error({ file: options.outDisplay, line: 1, column: 1 }, 'search-index', error.message, 'The site was not replaced. Check that the pagefind package is installed for this platform (npm ci).');
    return { ok: false, fileCount: 0, pagesReused: 0 };
  } finally {
    // Also after a crash (a bug): Pagefind's process left running would keep Node from exiting.
    await search?.cancel();
    await (pagePool as PageRenderPool | null)?.close();
  }
}

/** Whether the sink has received an error yet, looking only at what was added since the last call. */
function createErrorWatch(sink: DiagnosticSink): { found(): boolean } {
  let seen = 0;
  let found = false;
  return {
    found() {
      for (; !found && seen < sink.list.length; seen += 1) if (sink.list[seen]?.severity === 'error') found = true;
      return found;
    },
  };
}

/**
 * The search shard of each item page, by output path: by the item's date
 * (a translation has its original's date unless it sets its own), see
 * `searchShardOf`. Pagefind cannot update an index, so each shard is its
 * own index, rebuilt only when one of its pages changed.
 */
function searchShardsOf(model: SiteModel): Map<string, string> {
  const items = model.pages.flatMap((page) => (page.kind === 'item' ? [page] : []));
  const newestDate = items.reduce((newest, page) => (page.item.date > newest ? page.item.date : newest), '');
  return new Map(items.map((page) => [outputFileFor(page.path, model.config.basePath), searchShardOf(page.item.date, newestDate)]));
}
