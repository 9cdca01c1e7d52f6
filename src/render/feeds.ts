import { Feed, type FeedOptions, type Item as FeedItem } from 'feed';
import { resolveText } from '../model/localized.js';
import { absoluteUrl } from '../model/urls.js';
import { escapeHtml, stripXmlInvalid } from './xml.js';
import type { Item, SiteModel } from '../model/types.js';

export const FEED_ENTRY_COUNT = 20;

export interface FeedSpec {
  /** Site path of the feed file. */
  readonly path: string;
  /** Site path of the HTML page the feed mirrors. */
  readonly pagePath: string;
  readonly title: string;
  readonly lang: string;
  readonly items: readonly Item[];
}

/** Each item's rendered body by item file (or, to key a feed, a stand-in for it: see `render-site.ts`). */
export interface FeedBodies {
  get(file: string): string | undefined;
}

/** Everything a feed's XML is made from, as plain data (it can be sent to a worker thread). */
export interface FeedDocument {
  readonly options: FeedOptions;
  readonly entries: readonly FeedItem[];
  /** The feed's language, written on a multilingual site only. */
  readonly xmlLang: string | null;
}

/**
 * Atom 1.0 with the latest entries, full content and absolute URLs. `updated`
 * is the newest entry's date, never the clock, so the bytes are reproducible.
 */
export function renderAtomFeed(spec: FeedSpec, model: SiteModel, bodies: FeedBodies, siteTitle: string): string {
  return serializeAtomFeed(atomFeedDocument(spec, model, bodies, siteTitle));
}

/** Stands in for entry `index`'s content while the `feed` library writes the XML: no content holds U+0000 (see `stripXmlInvalid`). */
const contentToken = (index: number): string => `\u0000${index}\u0000`;
const CONTENT_TOKENS = /\u0000(\d+)\u0000/g;

/**
 * The feed's XML (through the `feed` library). Each entry's content goes in after the library has written the rest:
 * its XML writer (xml-js) copies a large CDATA section slowly, about 4 ms for a feed of twenty 6 KB bodies against
 * 0.4 ms without them, which was a third of an edit in `communique dev` (eight feeds) and 0.6 s of a cold build at
 * N = 10,000. The content is written as the library writes it, a CDATA section, except that every `]]>` in it is
 * split (the library splits only the first, and a second would end the section early).
 */
function serializeAtomFeed(document: FeedDocument): string {
  const feed = new Feed(document.options);
  const contents: string[] = [];
  for (const entry of document.entries) {
    if (entry.content && !entry.content.includes('\u0000')) {
      feed.addItem({ ...entry, content: contentToken(contents.length) });
      contents.push(entry.content);
    } else feed.addItem(entry);
  }
  const atom = feed.atom1().replace(CONTENT_TOKENS, (_, index: string) => (contents[Number(index)] ?? '').replaceAll(']]>', ']]]]><![CDATA[>'));
  // The feed library writes no language for Atom. A multilingual site says which language each feed is in;
  // a single-language site's feeds stay as they were.
  return document.xmlLang ? atom.replace('<feed xmlns="http://www.w3.org/2005/Atom">', `<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="${document.xmlLang}">`) : atom;
}

/** The items a feed shows, newest first. */
export function feedEntryItems(spec: FeedSpec): readonly Item[] {
  return spec.items.slice(0, FEED_ENTRY_COUNT);
}

/** What `renderAtomFeed` serializes. */
export function atomFeedDocument(spec: FeedSpec, model: SiteModel, bodies: FeedBodies, siteTitle: string): FeedDocument {
  const { config } = model;
  const abs = (path: string): string => absoluteUrl(config.baseUrl, config.basePath, path);
  const entries = feedEntryItems(spec);
  const newest = entries[0]?.date ?? '1970-01-01';
  const options: FeedOptions = {
    title: stripXmlInvalid(spec.title),
    id: abs(spec.pagePath),
    link: abs(spec.pagePath),
    language: spec.lang,
    updated: calendarDateToUtc(newest),
    generator: 'Communiqué',
    feedLinks: { atom: abs(spec.path) },
    copyright: stripXmlInvalid(siteTitle),
    author: { name: stripXmlInvalid(siteTitle), link: config.baseUrl },
  };
  const items = entries.map(
    (item): FeedItem => ({
      // `feed` writes entry titles and summaries as type="html": as text they must be HTML-escaped,
      // or a title like `<img src=x onerror=…>` would be markup to every feed reader.
      title: escapeHtml(stripXmlInvalid(item.title)),
      id: abs(item.path),
      link: abs(item.path),
      description: escapeHtml(stripXmlInvalid(item.summary)),
      content: stripXmlInvalid(absolutizeLinks(bodies.get(item.file) ?? '', config.baseUrl, config.basePath)),
      date: calendarDateToUtc(item.date),
      published: calendarDateToUtc(item.date),
      // Names missing in the feed's language fall back to the default language, as on the pages.
      author: [{ name: stripXmlInvalid(resolveText(item.issuedBy.name, spec.lang, config.defaultLanguage).text || siteTitle) }],
      category: item.fieldsOfWork.map((term) => ({ term: term.id, name: escapeFeedAttribute(resolveText(term.name, spec.lang, config.defaultLanguage).text || term.id) })),
    }),
  );
  return { options, entries: items, xmlLang: config.languages.length > 1 ? spec.lang : null };
}

function calendarDateToUtc(isoDate: string): Date {
  return new Date(`${isoDate}T00:00:00Z`);
}

/** Feed readers resolve relative links against different bases; make site links absolute. */
function absolutizeLinks(html: string, baseUrl: string, basePath: string): string {
  const origin = baseUrl.slice(0, baseUrl.length - basePath.length);
  return html.replace(/(\s(?:href|src)=")(\/[^"/][^"]*|\/)"/g, (_whole, attribute: string, path: string) => `${attribute}${origin}${path}"`);
}


/**
 * For attribute values given to `feed`: its serializer (xml-js) escapes only
 * `"` in attributes, so a term name with `<` or `&` made the feed invalid XML.
 */
function escapeFeedAttribute(text: string): string {
  return stripXmlInvalid(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
