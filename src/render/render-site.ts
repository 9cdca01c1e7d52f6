import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { DiagnosticSink, SourcePosition } from '../diagnostics.js';
import { startOf } from '../diagnostics.js';
import { identifyItemFile } from '../parse/item.js';
import { resolveText } from '../model/localized.js';
import { feedPath, newsPath, outputFileFor, termPath, languagePrefix } from '../model/urls.js';
import type { Page, SiteModel } from '../model/types.js';
import { atomFeedDocument, feedEntryItems, renderAtomFeed, type FeedSpec } from './feeds.js';
import { checkLinks, internalLinks } from './link-check.js';
import { linkFilterOf } from '../cache/link-filter.js';
import { ITEM_LINK_PREFIX, type RenderedBody } from './markdown-types.js';
import { SEARCH_BUNDLE_ENTRY_FILES } from '../search/bundle-files.js';
import { renderRobots, renderSitemap } from './sitemap.js';
import type { PageRenderPool } from './page-pool.js';
import { inPageOrder, renderOnWorkers } from './page-order.js';
import type { PublishedPages } from '../cache/published-pages.js';
import type { FileStamp } from '../write/atomic-output.js';
import { TemplateError, createTemplateEngine, type TemplateEngine, type TemplateSources } from './templates.js';
import { PackedHtml, unpacked, type FileContent } from './packed-html.js';
import { PAGE_TEMPLATES, buildNavigationView, buildPageView, itemPageKeyData, viewForKey, type InterfaceStrings, type ViewContext } from './views.js';

/** One file of the finished site, in memory. */
export interface OutputFile {
  /** Path relative to the output folder, `/`-separated. */
  readonly path: string;
  /** Packed only in a session's memory (see `PageMemo`); unpack with `unpacked`. */
  readonly content: FileContent;
  /** The sha256 (hex) of `content`, when a stage has already computed it. */
  readonly hash?: string;
}

/**
 * A page the last build published that this build renders to the same bytes:
 * it is not read, only hard-linked (or copied) into the new output.
 */
export interface PublishedCopy {
  /** Path relative to the output folder, `/`-separated. */
  readonly path: string;
  /**
   * Absolute path of the published file, or of the very same file (one inode) in the build folder being filled, when
   * that build folder is the spare and already holds it (see `previousFileIfUntouched`).
   */
  readonly source: string;
  /** The sha256 of its bytes, as the last build recorded them. */
  readonly hash: string;
  /** The published file's inode, size and modification time, when just seen. */
  readonly sourceStamp?: FileStamp;
}

/** What the render stage hands on: a file in memory, or a published page kept as it is. */
export type SiteFile = OutputFile | PublishedCopy;

/** The file's content, read from disk when it is a published copy. */
export function contentOf(file: SiteFile): string | Uint8Array {
  return 'content' in file ? unpacked(file.content) : readFileSync(file.source, 'utf8');
}

export interface AssetFile {
  /** Path relative to `templates/assets/`. */
  readonly relativePath: string;
  readonly bytes: Uint8Array;
}

export interface RenderInput {
  readonly model: SiteModel;
  /**
   * Rendered bodies by item file (display path), with item links still as
   * placeholders; a body still being rendered on a worker is a promise (null
   * if it could not be rendered, which whoever started it reports). The
   * renderer takes them out: the map is empty once it is made, so that a body
   * the renderer lets go (see `keepOrPrepare`) is not held here.
   */
  readonly bodies: Map<string, RenderedBody | Promise<RenderedBody | null>>;
  /**
   * Called with an item file just before its body is awaited: the Markdown
   * workers of a large build render only a little ahead of what the pages
   * have asked for (see `RenderBodiesOptions.lead`).
   */
  readonly needBody?: (file: string) => void;
  /** Source text of each item file, to place diagnostics about its links. */
  readonly itemSources: ItemSourceTexts;
  readonly templates: TemplateSources;
  readonly templatesDisplayPath: string;
  readonly assets: readonly AssetFile[];
  readonly strings: ReadonlyMap<string, InterfaceStrings>;
  /**
   * Pages rendered by an earlier build of the same session. A page whose view
   * (the plain data its template sees) and templates are unchanged is taken
   * from here instead of being rendered again; the map is updated in place.
   */
  readonly pageMemo?: PageMemo;
  /**
   * The pages of the last published build (a build with a cache): a page
   * whose view and templates are those it was published from is emitted as a
   * `PublishedCopy` instead of rendered again, and every page's key is
   * recorded for the next.
   */
  readonly publishedPages?: PublishedPages;
  /**
   * Starts (on first call) worker threads to run the templates of the pages
   * that need rendering, while this thread builds views, keys and checks links
   * and hands files on in page order. Without it every page renders here.
   */
  readonly pagePool?: () => PageRenderPool;
}

/** Item file (display path) → its text; a `Map`, or a reader that fetches a text only when asked. */
export interface ItemSourceTexts {
  get(file: string): string | undefined;
}

/**
 * What an incremental session keeps between renders: for each output path the
 * fingerprint of what the page was rendered from, its HTML, and whether its
 * links were all found good; item bodies whose links were found good; and the
 * set of output paths those checks ran against. A link found good stays good
 * while no output path disappears, so unchanged pages are not checked again.
 */
export interface PageMemo {
  /**
   * Each page's HTML: packed (`PackedHtml`) when a whole-site render made it,
   * as UTF-8 bytes when a patch did (packing would slow an edit down; the
   * next whole-site render packs it).
   */
  readonly pages: Map<string, { readonly key: string; readonly html: Uint8Array | PackedHtml; readonly linksGood: boolean }>;
  /** Item file → the hash (see `bodyKey`) of its resolved body HTML, when its links were all found good. */
  readonly bodiesWithGoodLinks: Map<string, string>;
  /** Output paths (and search bundle entries) of the last render; null before the first. */
  paths: ReadonlySet<string> | null;
  /** The template engine of the last render, with the fingerprint of the templates it holds. */
  engine: { readonly key: string; readonly engine: TemplateEngine } | null;
  /** Each language's navigation HTML, with the fingerprint of its view and templates. */
  readonly navigation: Map<string, { readonly key: string; readonly html: string }>;
}

export function createPageMemo(): PageMemo {
  return { pages: new Map(), bodiesWithGoodLinks: new Map(), paths: null, engine: null, navigation: new Map() };
}

const STYLESHEET = 'style.css';

/** Of the pages a build renders with a page worker, the share the main thread takes (the worker, a fresh thread, runs LiquidJS slower). */
const SHARE_RENDERED_HERE = 0.4;

/** Pages rendered between two yields to the event loop. */
const PAGES_PER_TURN = 32;

/** What the render stage will emit, known from the model and the assets before any page renders. */
export interface OutputPlan {
  /** Assets as output files, the stylesheet and scripts under content-hashed names. */
  readonly assetFiles: readonly OutputFile[];
  readonly hasStylesheet: boolean;
  /** Site path of the (hashed) stylesheet, for every page's `<link>`. */
  readonly stylesheetPath: string;
  /** Site path of each asset by its path under `templates/assets/` (templates see it as `site.assets`). */
  readonly assetPaths: Readonly<Record<string, string>>;
  readonly feeds: readonly FeedSpec[];
  /** Every output path: assets, pages, feeds, sitemap and robots.txt. */
  readonly paths: ReadonlySet<string>;
}

export function planOutput(model: SiteModel, assets: readonly AssetFile[]): OutputPlan {
  const { basePath } = model.config;
  const stylesheet = assets.find((a) => a.relativePath === STYLESHEET);
  const assetPaths: Record<string, string> = {};
  const assetFiles: OutputFile[] = assets.map((asset) => {
    const file = `assets/${hashedAssetName(asset)}`;
    assetPaths[asset.relativePath] = `${basePath}${file}`;
    return { path: file, content: asset.bytes };
  });
  const stylesheetPath = assetPaths[STYLESHEET] ?? `${basePath}assets/${STYLESHEET}`;
  const feeds = feedSpecs(model);
  const paths = new Set<string>([
    ...assetFiles.map((file) => file.path),
    ...model.pages.map((page) => outputFileFor(page.path, basePath)),
    ...feeds.map((spec) => outputFileFor(spec.path, basePath)),
    'sitemap.xml',
    'robots.txt',
  ]);
  return { assetFiles, hasStylesheet: stylesheet !== undefined, stylesheetPath, assetPaths, feeds, paths };
}

/**
 * Stylesheets and scripts at the top of `assets/` are published under a name
 * with a hash of their bytes (`style.1a2b3c4d5e.css`), so that readers' browsers
 * can keep them forever and still never run an old script against a new site.
 * Other assets (images, fonts, which stylesheets may name) keep their names.
 */
function hashedAssetName(asset: AssetFile): string {
  const match = /^([^/]+)\.(css|js)$/.exec(asset.relativePath);
  if (!match) return asset.relativePath;
  const hash = createHash('sha256').update(asset.bytes).digest('hex').slice(0, 10);
  return `${match[1]}.${hash}.${match[2]}`;
}

/** Receives each output file as soon as it is rendered; a returned promise holds rendering back until it settles. */
export type EmitFile = (file: SiteFile) => void | Promise<void>;

/**
 * The render stage: assets, pages, feeds, sitemap and robots.txt, handed to
 * `emit` one by one as each is rendered, so that a caller can write each page
 * and let it go instead of holding the whole site in memory. Template mistakes
 * and broken internal links are reported to `sink` (each page's links are
 * checked as it is rendered, against every path the site will have).
 * Rendering yields to the event loop every few pages, so that writes and the
 * search indexer's messages flow meanwhile. Returns the number of files
 * emitted, and the renderer, which a session keeps to patch later edits with.
 */
export async function renderSite(input: RenderInput, sink: DiagnosticSink, emit: EmitFile): Promise<{ fileCount: number; renderer: SiteRenderer }> {
  const { model } = input;
  let fileCount = 0;
  const send = async (file: SiteFile): Promise<void> => {
    fileCount += 1;
    await emit(file);
  };
  const renderer = createSiteRenderer(input, sink);
  for (const file of renderer.plan.assetFiles) await send(file);
  const pages = inPageOrder(send, input.pagePool ? renderOnWorkers(input.pagePool, input.templates, fingerprintTemplates(input.templates)) : null, SHARE_RENDERED_HERE);
  let pagesTaken = 0;
  const render = async (page: Page): Promise<void> => {
    const step = renderer.keepOrPrepare(page);
    await pages.add(step);
    pagesTaken += 1;
    if (pagesTaken % PAGES_PER_TURN === 0) await new Promise((resolve) => setImmediate(resolve));
  };
  // Item pages first, each as soon as its body is in, then the pages without a body. Bodies come back about as fast
  // as their pages render, so few wait in memory; with the other pages first, the workers returned most of a large
  // site's bodies before the first item page, and they all waited (the peak of a cold build's memory).
  const otherPages: Page[] = [];
  for (const page of model.pages) {
    if (page.kind !== 'item') {
      otherPages.push(page);
      continue;
    }
    await renderer.awaitBody(page.item.file);
    await render(page);
  }
  for (const page of otherPages) await render(page);
  await pages.finish();
  await renderer.awaitAllBodies();
  renderer.forgetUnrenderedPages();
  for (const spec of renderer.plan.feeds) await send(renderer.renderOrKeepFeed(spec));
  await send({ path: 'sitemap.xml', content: renderSitemap(model) });
  await send({ path: 'robots.txt', content: renderRobots(model) });
  return { fileCount, renderer };
}

/** `renderSite`, collecting every file in memory, sorted by path (for `check`, the dev server and sessions). */
export async function renderSiteToMemory(input: RenderInput, sink: DiagnosticSink): Promise<{ files: OutputFile[]; renderer: SiteRenderer }> {
  const files: OutputFile[] = [];
  const { renderer } = await renderSite(input, sink, (file) => {
    files.push('content' in file ? file : { path: file.path, content: contentOf(file) });
  });
  return { files: files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)), renderer };
}

/** A page `keepOrPrepare` left to render. */
export interface PageToRender {
  readonly template: string;
  readonly view: object;
  /** Runs the template here: the HTML, or null after a template error (reported). */
  render(): string | null;
  finish(html: string | null): OutputFile | null;
}

/** What `keepOrPrepare` gives for one page: its file (or null), or the page still to render. */
export type PageStep = { readonly file: SiteFile | null } | PageToRender;

/**
 * What every page of a render shares: the output plan, the resolved bodies,
 * the template engine, the navigation and the link checker. A session keeps
 * it after a whole-site render to re-render a few pages of the same model.
 */
export interface SiteRenderer {
  readonly plan: OutputPlan;
  /**
   * One page of a whole-site render, in two steps, so that the template can
   * run elsewhere (a page worker), and keeping a page the last build
   * published unchanged: the page's file when it needs no rendering (its
   * `PublishedCopy`, the memo's, or null after a template error), else its
   * template and view, and `finish`, which takes the HTML rendered from them
   * (null: render it here, which reports a template error), checks its links
   * and updates the page memo.
   */
  keepOrPrepare(page: Page): PageStep;
  /**
   * A patch: the files of several pages (taken to have changed; null after a template error, reported) and of several
   * feeds. With `linksUnchanged` the pages' links are those of their last render (only words changed), so links found
   * good then are not checked again. Rendered on this thread, where the whole-site render has run LiquidJS long enough
   * to make it fast (see `createBuildMemos`).
   */
  renderPatch(pages: readonly Page[], feeds: readonly FeedSpec[], linksUnchanged: boolean): (OutputFile | null)[];
  renderFeed(spec: FeedSpec): OutputFile;
  /** `renderFeed`, except that a feed published unchanged by the last build is emitted as its `PublishedCopy`. */
  renderOrKeepFeed(spec: FeedSpec): SiteFile;
  /** Waits for one item file's body, if it is still being rendered, and takes it in (resolved, links checked). */
  awaitBody(file: string): Promise<void>;
  /** `awaitBody` for every body still being rendered (feeds and the end of a render need them all). */
  awaitAllBodies(): Promise<void>;
  /** Drops from the page memo every page this renderer has not rendered (after a whole-site render). */
  forgetUnrenderedPages(): void;
  /**
   * Puts in a new rendered body for one item file whose address did not
   * change, resolving and checking its links; false if any is broken (reported).
   */
  replaceBody(file: string, body: RenderedBody, sourceText: string): boolean;
  /** Where later diagnostics go (each build of a session has its own sink). */
  reportTo(sink: DiagnosticSink): void;
}

function createSiteRenderer(input: RenderInput, initialSink: DiagnosticSink): SiteRenderer {
  const { model } = input;
  const { config } = model;
  let sink = initialSink;
  // The link checker and body resolution keep a sink; this one always forwards to the current build's.
  const forward: DiagnosticSink = {
    get list() {
      return sink.list;
    },
    report: (diagnostic) => sink.report(diagnostic),
    error: (at, rule, message, hint) => sink.error(at, rule, message, hint),
    warning: (at, rule, message, hint) => sink.warning(at, rule, message, hint),
  };
  const plan = planOutput(model, input.assets);
  if (!plan.hasStylesheet) sink.error(startOf(`${input.templatesDisplayPath}/assets/${STYLESHEET}`), 'missing-stylesheet', 'The stylesheet is missing.', `Create ${input.templatesDisplayPath}/assets/${STYLESHEET}.`);
  // Links are checked against every path the site will have, plus the search bundle's entry files written after it.
  const plannedPaths = new Set([...plan.paths, ...SEARCH_BUNDLE_ENTRY_FILES]);

  // Texts put in by `replaceBody` (a patched edit), over the input's.
  const replacedSources = new Map<string, string>();
  const itemSources: ItemSourceTexts = { get: (file) => replacedSources.get(file) ?? input.itemSources.get(file) };
  const resolveBody = createBodyResolver(model, itemSources, forward);
  const memo = input.pageMemo;
  // Each item's body as pages see it (item links resolved). A build keeps the resolved HTML until the body's pages are
  // prepared; a session keeps every body for its later builds, as the body cache keeps it (packed, see
  // `createMemoryBodyCache`) rather than in a second, unpacked copy, and resolves it again whenever it is asked for.
  const resolvedBodies = new Map<string, string>();
  const keptBodies = new Map<string, RenderedBody>();
  const bodyHtml = (file: string): string | undefined => {
    if (!memo) return resolvedBodies.get(file);
    const body = keptBodies.get(file);
    return body ? (resolveBody(file, body, false) ?? undefined) : undefined;
  };
  const published = input.publishedPages;
  const templatesKey = memo || published ? fingerprintTemplates(input.templates) : '';
  const engine = templateEngineFor(input.templates, templatesKey, memo);
  const failedTemplates = new Set<string>();
  const renderTemplate = (name: string, view: object): string | null => {
    if (failedTemplates.has(name)) return null;
    if (!engine.has(name)) {
      failedTemplates.add(name);
      sink.error(startOf(`${input.templatesDisplayPath}/${name}.liquid`), 'missing-template', `The template ${name}.liquid is missing.`, 'Restore it from the Communiqué sample templates.');
      return null;
    }
    try {
      return engine.render(name, view);
    } catch (error) {
      if (!(error instanceof TemplateError)) throw error;
      failedTemplates.add(name);
      sink.error({ file: `${input.templatesDisplayPath}/${error.template}`, line: error.line, column: error.column }, 'template-error', `Template error: ${error.message}.`, 'Check the variable and filter names against the README\'s template section.');
      return null;
    }
  };

  const navigationHtml = new Map<string, string>();
  const noStrings: InterfaceStrings = {};
  const stringsOf = (lang: string): InterfaceStrings => input.strings.get(lang) ?? input.strings.get(config.defaultLanguage) ?? noStrings;
  // Stand in for each language's navigation and interface strings in page keys (see `viewForKey`).
  const navigationKeys = new Map<string, string>();
  const stringsKeys = new Map<object, string>();
  // Each body's hash, made once and kept while the body is the same (resolved string, or kept body).
  const bodyKeys = new Map<string, { readonly source: string | RenderedBody; readonly key: string }>();
  const hashBody = (file: string, source: string | RenderedBody, html: string): string => {
    const key = createHash('sha256').update(html).digest('base64');
    bodyKeys.set(file, { source, key });
    return key;
  };
  // In a publish, a body that came through the body cache is named by its cache key and the addresses its item links
  // lead to (which is all its resolved HTML is made from), not by hashing the HTML (see `takeBody`).
  const bodyNames = new Map<string, string>();
  const bodyKey = (file: string): string | undefined => {
    const name = bodyNames.get(file);
    if (name !== undefined) return name;
    const source = memo ? keptBodies.get(file) : resolvedBodies.get(file);
    if (source === undefined) return undefined;
    const known = bodyKeys.get(file);
    if (known?.source === source) return known.key;
    return hashBody(file, source, typeof source === 'string' ? source : (bodyHtml(file) ?? ''));
  };
  // Bodies a publish took without resolving or checking them (see `takeBody`): resolved when first asked for.
  const untaken = new Map<string, RenderedBody>();
  const resolvedBody = (file: string): string | undefined => {
    const body = untaken.get(file);
    if (body) {
      untaken.delete(file);
      takeNow(file, body);
    }
    return bodyHtml(file);
  };
  const bodyView = { get: resolvedBody };
  const context: ViewContext = { model, strings: input.strings, bodies: bodyView, stylesheetPath: plan.stylesheetPath, assetPaths: plan.assetPaths, navigationHtml };
  for (const language of config.languages) {
    const view = buildNavigationView(context, language.code);
    // The navigation is the largest template; a session renders it again only when its terms or templates change.
    const key = memo ? viewKey(templatesKey, 'partials/navigation', view) : '';
    const remembered = memo?.navigation.get(language.code);
    const html = remembered?.key === key && !failedTemplates.has('partials/navigation') ? remembered.html : renderTemplate('partials/navigation', view);
    if (memo && html !== null) memo.navigation.set(language.code, { key, html });
    navigationHtml.set(language.code, html ?? '');
    if (memo || published) {
      navigationKeys.set(language.code, createHash('sha256').update(html ?? '').digest('base64'));
      // Every page of a language sees the same interface strings (the context's object for it, see `views.ts`).
      const strings = stringsOf(language.code);
      stringsKeys.set(strings, createHash('sha256').update(JSON.stringify(strings)).digest('base64'));
    }
  }
  const links = createLinkChecker(plannedPaths, navigationHtml, { ...input, itemSources }, forward);
  // Each language's navigation, which every page of it holds verbatim, is the dictionary its pages are packed with.
  const navigationBytes = new Map<string, Uint8Array>();
  const navigationDictionary = (lang: string): Uint8Array => {
    let bytes = navigationBytes.get(lang);
    if (!bytes) {
      bytes = Buffer.from(navigationHtml.get(lang) ?? '', 'utf8');
      navigationBytes.set(lang, bytes);
    }
    return bytes;
  };
  // A published page's links were all found good when it was published; they still are unless one may lead to a path
  // of that build gone since (then it is read back and checked again).
  const linksHoldOn = published?.linksHold(plannedPaths) ?? ((): boolean => false);
  // Resolves and checks a body; true unless one of its links is broken.
  const takeNow = (file: string, body: RenderedBody): boolean => {
    const html = resolveBody(file, body);
    if (html === null) return true;
    if (!memo) {
      resolvedBodies.set(file, html);
      return links.checkBody(file, html);
    }
    keptBodies.set(file, body);
    return links.checkBody(file, html, hashBody(file, body, html));
  };
  // Takes a body as it comes in. A publish names it by its cache key (see `bodyNames`), and leaves it unresolved and
  // unchecked until a page or feed that renders asks for it: the item pages kept as published (most of them) had
  // their bodies' links checked when they were published, and those links still lead somewhere unless the page's
  // filter says it may link to a path gone since (`linksHoldOn`); any other page that shows the body makes its view,
  // and so asks for it first. A link to no published item is resolved at once, so that it is reported.
  const takeBody = (file: string, body: RenderedBody): boolean => {
    const targets = published && !memo && body.key !== undefined ? resolveBody.targets(file, body.itemLinks) : null;
    if (targets === null) return takeNow(file, body);
    bodyNames.set(file, `${body.key ?? ''}\0${targets.join('\0')}`);
    untaken.set(file, body);
    return true;
  };
  const pendingBodies = new Map<string, Promise<RenderedBody | null>>();
  for (const [file, body] of input.bodies) {
    if (body instanceof Promise) pendingBodies.set(file, body);
    else takeBody(file, body);
  }
  input.bodies.clear();
  // A build prepares each page once, so a body is let go once its item pages are prepared, unless a feed shows it
  // (feeds come last): a site's bodies are most of what a build would otherwise hold at its end. A session keeps
  // them all, to patch pages later.
  const pagesLeftOfBody = new Map<string, number>();
  if (!memo) {
    for (const page of model.pages) if (page.kind === 'item') pagesLeftOfBody.set(page.item.file, (pagesLeftOfBody.get(page.item.file) ?? 0) + 1);
    for (const spec of plan.feeds) for (const item of feedEntryItems(spec)) pagesLeftOfBody.delete(item.file);
  }
  const letGoOfBodyAfter = (page: Page): void => {
    if (page.kind !== 'item') return;
    const left = pagesLeftOfBody.get(page.item.file);
    if (left === undefined) return;
    if (left > 1) {
      pagesLeftOfBody.set(page.item.file, left - 1);
      return;
    }
    pagesLeftOfBody.delete(page.item.file);
    resolvedBodies.delete(page.item.file);
    bodyKeys.delete(page.item.file);
    untaken.delete(page.item.file);
    bodyNames.delete(page.item.file);
  };
  const awaitBody = async (file: string): Promise<void> => {
    const pending = pendingBodies.get(file);
    if (!pending) return;
    pendingBodies.delete(file);
    input.needBody?.(file);
    const body = await pending;
    if (body) takeBody(file, body);
  };

  const seen = new Set<string>();
  const siteTitleIn = (lang: string): string => resolveText(config.title, lang, config.defaultLanguage).text;
  // A session keeps every feed between builds: packed after a whole-site render (152 feeds at N = 10,000 took 39 MB as
  // text), as bytes after a patch (packing the few feeds an edit changes would cost the edit several ms).
  const feedFile = (spec: FeedSpec, xml: string, patched = false): OutputFile => ({
    path: outputFileFor(spec.path, config.basePath),
    content: !memo ? xml : patched ? Buffer.from(xml, 'utf8') : new PackedHtml(xml),
  });
  interface PreparedPage {
    readonly template: string;
    /** Null only for a page kept as published, whose view is not made (see `itemPageKey`). */
    readonly view: object | null;
    readonly file: string;
    readonly key: string;
    /** The memo's HTML when the view and templates are unchanged. */
    readonly reused: Uint8Array | PackedHtml | null;
    /** The last published build's page when this view and these templates are those it was published from. */
    readonly published: PublishedCopy | null;
  }
  // `knownChanged`: the caller knows the page's view changed (a patch), so it is not fingerprinted; its memo entry
  // gets a key no view has, and the next whole-site render renders it again.
  const preparePage = (page: Page, knownChanged = false): PreparedPage => {
    const template = PAGE_TEMPLATES[page.kind];
    const file = outputFileFor(page.path, config.basePath);
    if (published && !memo && !knownChanged && page.kind === 'item') {
      const key = itemPageKey(page, template);
      const copy = published.reuse(file, key);
      const kept = copy ? { path: file, ...copy } : null;
      // Kept as published: no view is made (a published page is read back only when links must be checked again).
      return { template, view: kept && linksHoldOn(file) ? null : buildPageView(page, context), file, key, reused: null, published: kept };
    }
    const view = buildPageView(page, context);
    if (knownChanged || !(memo || published)) return { template, view, file, key: '', reused: null, published: null };
    const key = viewKey(templatesKey, template, viewForKey(view, { navigation: navigationKeys.get(page.lang) ?? '', strings: stringsKeys, body: page.kind === 'item' ? bodyKey(page.item.file) : undefined }));
    if (!memo) {
      const copy = published?.reuse(file, key);
      return { template, view, file, key, reused: null, published: copy ? { path: file, ...copy } : null };
    }
    const previous = memo.pages.get(file);
    return { template, view, file, key, reused: previous && previous.key === key && !failedTemplates.has(template) ? previous.html : null, published: null };
  };
  // An item page's key in a publish: what its view is made from (see `itemPageKeyData`), the view itself not made.
  const itemPageKey = (page: Extract<Page, { kind: 'item' }>, template: string): string =>
    createHash('sha256')
      .update('item page inputs\0')
      .update(templatesKey)
      .update(template)
      .update('\0')
      .update(navigationKeys.get(page.lang) ?? '')
      .update('\0')
      .update(stringsKeys.get(stringsOf(page.lang)) ?? '')
      .update('\0')
      .update(bodyKey(page.item.file) ?? '')
      .update('\0')
      .update(itemPageKeyData(page, context))
      .digest('base64');
  const viewOf = (page: Page, prepared: PreparedPage): object => prepared.view ?? buildPageView(page, context);
  // A published page is read only when its links must be checked again (or a caller wants its HTML); null if it vanished.
  const readPublished = (copy: PublishedCopy | null): string | null => {
    if (!copy) return null;
    try {
      return readFileSync(copy.source, 'utf8');
    } catch {
      return null;
    }
  };
  const finishPage = (page: Page, prepared: PreparedPage, rendered: FileContent | null, linksUnchanged: boolean): OutputFile | null => {
    const { file } = prepared;
    // A session keeps every page, and hands the same object on as the file's content.
    const html = memo && typeof rendered === 'string' ? (linksUnchanged ? Buffer.from(rendered, 'utf8') : new PackedHtml(rendered, navigationDictionary(page.lang))) : rendered;
    if (memo) {
      const previous = memo.pages.get(file);
      const linksKnownGood = (prepared.reused !== null && (previous?.linksGood ?? false)) || (linksUnchanged && (previous?.linksGood ?? false));
      if (html !== null && typeof html !== 'string') memo.pages.set(file, { key: prepared.key, html, linksGood: linksKnownGood });
      seen.add(file);
    }
    if (html === null) return null;
    if (published) published.keys.set(file, prepared.key);
    // Freshly rendered HTML is checked as the string it is, not unpacked again. (A published copy whose links hold
    // never comes here: `keepOrPrepare` hands it on as it is.)
    const pageLinks = links.checkPage(file, page, typeof rendered === 'string' ? rendered : html);
    if (published && pageLinks) published.linkFilters.set(file, linkFilterOf(pageLinks, config.basePath));
    return { path: file, content: html };
  };
  const renderFeedFile = (spec: FeedSpec, patched = false): OutputFile => feedFile(spec, renderAtomFeed(spec, model, bodyView, siteTitleIn(spec.lang)), patched);
  const renderPrepared = (page: Page, prepared: PreparedPage, linksUnchanged: boolean): OutputFile | null =>
    finishPage(page, prepared, prepared.reused ?? readPublished(prepared.published) ?? renderTemplate(prepared.template, viewOf(page, prepared)), linksUnchanged);
  return {
    plan,
    keepOrPrepare(page) {
      const prepared = preparePage(page);
      letGoOfBodyAfter(page);
      const copy = prepared.published;
      // Its links held when it was published, and still do unless it may link to a path of that build gone since.
      if (copy && linksHoldOn(copy.path)) {
        published?.keep(copy.path, prepared.key);
        return { file: copy };
      }
      const ready = prepared.reused ?? readPublished(copy);
      if (ready !== null || failedTemplates.has(prepared.template)) return { file: finishPage(page, prepared, ready, false) };
      const { template } = prepared;
      const view = viewOf(page, prepared);
      return { template, view, render: () => renderTemplate(template, view), finish: (html) => finishPage(page, prepared, html ?? renderTemplate(template, view), false) };
    },
    renderPatch(pages, feeds, linksUnchanged) {
      const pageFiles = pages.map((page) => renderPrepared(page, preparePage(page, linksUnchanged), linksUnchanged));
      const feedFiles = feeds.map((spec) => renderFeedFile(spec, linksUnchanged));
      return [...pageFiles, ...feedFiles];
    },
    renderFeed: (spec) => renderFeedFile(spec),
    renderOrKeepFeed(spec) {
      if (!published) return this.renderFeed(spec);
      // A feed is keyed by the document it is serialized from, each entry's body standing in by its hash.
      const document = atomFeedDocument(spec, model, { get: bodyKey }, siteTitleIn(spec.lang));
      const key = createHash('sha256').update('feed\0').update(JSON.stringify(document)).digest('base64');
      const file = outputFileFor(spec.path, config.basePath);
      published.keys.set(file, key);
      const copy = published.reuse(file, key);
      return copy ? { path: file, ...copy } : this.renderFeed(spec);
    },
    awaitBody,
    async awaitAllBodies() {
      for (const file of [...pendingBodies.keys()]) await awaitBody(file);
    },
    forgetUnrenderedPages() {
      if (memo) for (const file of memo.pages.keys()) if (!seen.has(file)) memo.pages.delete(file);
    },
    replaceBody(file, body, sourceText) {
      replacedSources.set(file, sourceText);
      const errorsBefore = sink.list.length;
      return takeBody(file, body) && sink.list.length === errorsBefore;
    },
    reportTo(next) {
      sink = next;
    },
  };
}

/** A session's engine is kept while the templates are unchanged: LiquidJS parses each template once, not once per build. */
function templateEngineFor(templates: TemplateSources, templatesKey: string, memo: PageMemo | undefined): TemplateEngine {
  if (memo?.engine?.key === templatesKey) return memo.engine.engine;
  const engine = createTemplateEngine(templates);
  if (memo) memo.engine = { key: templatesKey, engine };
  return engine;
}

/** Feeds for the whole news stream and for every term, per language. */
export function feedSpecs(model: SiteModel): FeedSpec[] {
  const { config } = model;
  const specs: FeedSpec[] = [];
  for (const language of config.languages) {
    const lang = language.code;
    const prefix = languagePrefix(lang, config.defaultLanguage);
    const siteTitle = resolveText(config.title, lang, config.defaultLanguage).text;
    const news = newsPath(config.basePath, prefix);
    specs.push({ path: feedPath(news), pagePath: news, title: siteTitle, lang, items: model.itemsByLanguage.get(lang) ?? [] });
    const byTerm = model.termItems.get(lang);
    for (const vocabulary of model.vocabularies) {
      for (const term of vocabulary.terms) {
        const pagePath = termPath(config.basePath, prefix, vocabulary.id, term.id);
        const name = resolveText(term.name, lang, config.defaultLanguage).text;
        specs.push({ path: feedPath(pagePath), pagePath, title: `${name} – ${siteTitle}`, lang, items: byTerm?.get(term.key) ?? [] });
      }
    }
  }
  return specs;
}

/** Resolves one item file's rendered body (null when the file is not a published item). */
interface BodyResolver {
  /**
   * The body's HTML with its item links resolved (null when the file is no published item). `report` false: a body
   * resolved again, whose broken item links were reported when it was taken.
   */
  (file: string, body: RenderedBody, report?: boolean): string | null;
  /**
   * Where each of a body's item links leads, in order, without its HTML: null when the file is not a published item
   * or a link leads to no published item (resolving the body then reports it).
   */
  targets(file: string, itemLinks: readonly string[]): string[] | null;
}

/**
 * Replaces item-link placeholders with the linked item's URL in the same
 * language (or the original's); a link to no published item is reported at
 * the Markdown file (`itemSources` places it).
 */
function createBodyResolver(model: SiteModel, itemSources: ItemSourceTexts, sink: DiagnosticSink): BodyResolver {
  const itemsByFile = new Map<string, { key: string; lang: string }>();
  for (const items of model.itemsByLanguage.values()) for (const item of items) itemsByFile.set(item.file, { key: item.key, lang: item.lang });
  const languages = model.config.languages.map((l) => l.code);
  const placeholder = new RegExp(`${escapeRegExp(ITEM_LINK_PREFIX)}([^"#]*)`, 'g');
  // The linked file names its item the way the file itself is named: `x.md`, or `x.ru.md` for a translation.
  const linkedPath = (self: { lang: string }, target: string): string | null => {
    const { key, lang } = identifyItemFile(target, languages);
    const versions = model.translations.get(key);
    const linked = versions?.get(lang === model.config.defaultLanguage ? self.lang : lang) ?? versions?.get(lang) ?? versions?.get(model.config.defaultLanguage);
    return linked ? linked.path : null;
  };
  const resolve = (file: string, body: RenderedBody, report = true): string | null => {
    const self = itemsByFile.get(file);
    if (!self) return null;
    if (body.itemLinks.length === 0) return body.html;
    return body.html.replace(placeholder, (_whole, target: string) => {
      const decoded = decodeURI(target);
      const path = linkedPath(self, decoded);
      if (path !== null) return path;
      if (report) sink.error(positionOfText(file, itemSources.get(file) ?? '', decoded.replace(/^.*\//, '')), 'broken-item-link', `This item links to ${decoded}, which is not a published item.`, 'Check the file name, or whether that item is a draft or scheduled.');
      return model.config.basePath;
    });
  };
  return Object.assign(resolve, {
    targets(file: string, itemLinks: readonly string[]): string[] | null {
      const self = itemsByFile.get(file);
      if (!self) return null;
      const paths: string[] = [];
      for (const link of itemLinks) {
        const path = linkedPath(self, link);
        if (path === null) return null;
        paths.push(path);
      }
      return paths;
    },
  });
}

function positionOfText(file: string, text: string, needle: string): SourcePosition {
  const index = needle ? text.indexOf(needle) : -1;
  if (index < 0) return startOf(file);
  const before = text.slice(0, index).split('\n');
  return { file, line: before.length, column: (before[before.length - 1]?.length ?? 0) + 1 };
}

interface LinkChecker {
  /**
   * Checks one rendered page's links (its navigation's were checked once, up front, and its item body's as the body
   * came in). Returns the page's internal links besides its navigation's; null when a session knew them good.
   */
  checkPage(file: string, page: Page, html: FileContent): readonly string[] | null;
  /**
   * Checks one item body's links; true if all are good. `digest`: the body's hash (see `bodyKey`), by which a session
   * remembers the bodies whose links were found good.
   */
  checkBody(file: string, html: string, digest?: string): boolean;
}

/**
 * Checks the navigation at once, and returns a checker for item bodies (each
 * checked as it comes in, before the pages showing it) and pages. With a page
 * memo, bodies and pages whose links were found good in the last render are
 * skipped while no path has disappeared since.
 */
function createLinkChecker(
  files: ReadonlySet<string>,
  navigationHtml: ReadonlyMap<string, string>,
  input: RenderInput,
  sink: DiagnosticSink,
): LinkChecker {
  const basePath = input.model.config.basePath;
  const memo = input.pageMemo;
  // Links found good in the last render are still good if no path has gone since.
  const earlierChecksHold = memo?.paths ? [...memo.paths].every((file) => files.has(file)) : false;
  if (memo) {
    memo.paths = files;
    if (!earlierChecksHold) {
      memo.bodiesWithGoodLinks.clear();
      for (const [file, entry] of memo.pages) memo.pages.set(file, { ...entry, linksGood: false });
    }
  }
  // A broken link in an item body is reported once, at the Markdown file, not again on every page showing it.
  const brokenInBodies = new Set<string>();
  const checkBody = (file: string, html: string, digest?: string): boolean => {
    if (digest !== undefined && memo?.bodiesWithGoodLinks.get(file) === digest) return true;
    // The item's text is fetched only to place a broken link (a build reads it again from the file).
    const broken = checkLinks(internalLinks(html, basePath), basePath, files, (link) => positionOfText(file, input.itemSources.get(file) ?? '', link), 'The text of this item', sink);
    for (const link of broken) brokenInBodies.add(link);
    if (memo && digest !== undefined && broken.size === 0) memo.bodiesWithGoodLinks.set(file, digest);
    return broken.size === 0;
  };
  // The navigation is the same on every page of a language: its links are checked once, and skipped in each page.
  const brokenInNavigation = new Set<string>();
  for (const [lang, html] of navigationHtml) {
    const what = `The navigation (${lang})`;
    for (const link of checkLinks(internalLinks(html, basePath), basePath, files, (link) => locateInTemplates(link, 'partials/navigation', input), what, sink, brokenInNavigation)) brokenInNavigation.add(link);
  }
  // A template that makes a broken link usually makes it on many pages: report each link once per template.
  const reportedPerTemplate = new Map<string, Set<string>>();
  return {
    checkBody,
    checkPage(file, page, content) {
      const remembered = memo?.pages.get(file);
      if (remembered?.linksGood) return null;
      const bytes = unpacked(content);
      const html = typeof bytes === 'string' ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
      const template = PAGE_TEMPLATES[page.kind];
      const reported = reportedPerTemplate.get(template) ?? new Set<string>();
      reportedPerTemplate.set(template, reported);
      const alreadyReported = { has: (link: string) => reported.has(link) || brokenInBodies.has(link) };
      const pageLinks = internalLinks(withoutNavigation(html, navigationHtml.get(page.lang)), basePath);
      const broken = checkLinks(pageLinks, basePath, files, (link) => locateInTemplates(link, template, input), `A page made with ${template}.liquid (${page.path})`, sink, alreadyReported);
      for (const link of broken) reported.add(link);
      // A link skipped because it was already reported elsewhere still makes this page's links not good.
      const pageHasBrokenLinks = broken.size > 0 || ((reported.size > 0 || brokenInBodies.size > 0) && internalLinks(html, basePath).some((link) => alreadyReported.has(link)));
      if (remembered && !pageHasBrokenLinks) memo?.pages.set(file, { ...remembered, linksGood: true });
      return pageLinks;
    },
  };
}

/** The page's HTML without its (already checked) navigation, when the navigation appears in it verbatim. */
function withoutNavigation(html: string, navigation: string | undefined): string {
  const at = navigation ? html.indexOf(navigation) : -1;
  return navigation && at >= 0 ? html.slice(0, at) + html.slice(at + navigation.length) : html;
}

/** What a rendering depends on: a view is plain data, so its JSON is everything besides the templates. */
function viewKey(templatesKey: string, template: string, view: object): string {
  return createHash('sha256').update(templatesKey).update(template).update('\0').update(JSON.stringify(view)).digest('base64');
}

function fingerprintTemplates(templates: TemplateSources): string {
  const hash = createHash('sha256');
  for (const name of Object.keys(templates).sort()) hash.update(name).update('\0').update(templates[name] ?? '').update('\0');
  return hash.digest('hex');
}

/**
 * Where a link written in a template is: in the page's template, else in the
 * first layout or partial holding it; else the start of the page's template.
 * The link is looked for literally (`"/about/"`), then as written after
 * `{{ basePath }}` (`assets/x.js"`).
 */
function locateInTemplates(link: string, template: string, input: RenderInput): SourcePosition {
  const display = (name: string): string => `${input.templatesDisplayPath}/${name.replace(/\.liquid$/, '')}.liquid`;
  const basePath = input.model.config.basePath;
  const afterBasePath = link.startsWith(basePath) && link.length > basePath.length ? `}}${link.slice(basePath.length)}"` : null;
  const own = (name: string): boolean => name === template || name === `${template}.liquid`;
  const names = [...Object.keys(input.templates).filter(own), ...Object.keys(input.templates).filter((name) => !own(name)).sort()];
  for (const [needle, skip] of [[`"${link}"`, 1], ...(afterBasePath ? [[afterBasePath, 2] as const] : [])] as const) {
    for (const name of names) {
      const text = input.templates[name] ?? '';
      if (text.includes(needle)) {
        const at = positionOfText(display(name), text, needle);
        return { ...at, column: at.column + skip };
      }
    }
  }
  return startOf(display(template));
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
