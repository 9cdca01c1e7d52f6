import type { DiagnosticSink, SourcePosition } from '../diagnostics.js';

const LINK_ATTRIBUTE = /\s(?:href|src)="([^"]*)"/g;

/** Internal link targets in an HTML string, as site paths without query or fragment. */
export function internalLinks(html: string, basePath: string): string[] {
  const found: string[] = [];
  for (const match of html.matchAll(LINK_ATTRIBUTE)) {
    const raw = (match[1] ?? '').replace(/&amp;/g, '&');
    if (!raw.startsWith('/') || raw.startsWith('//')) continue;
    const path = raw.split(/[?#]/)[0] ?? '';
    if (path.startsWith(basePath) || `${path}/` === basePath) found.push(path);
  }
  return found;
}

/** Whether a site path names a written file (`/x/` means `/x/index.html`). */
export function linkTargetExists(sitePath: string, basePath: string, files: ReadonlySet<string>): boolean {
  return linkTargetFiles(sitePath, basePath).some((file) => files.has(file));
}

/** The output files a site path can name (`/x/` is `x/index.html`, `/x` either `x` or `x/index.html`); none when it cannot be decoded. */
export function linkTargetFiles(sitePath: string, basePath: string): string[] {
  let relative = sitePath.slice(Math.min(basePath.length, sitePath.length));
  try {
    relative = decodeURI(relative);
  } catch {
    return [];
  }
  if (relative === '' || relative.endsWith('/')) return [`${relative}index.html`];
  return [relative, `${relative}/index.html`];
}

/** The hint for a broken link: a stylesheet or script named as in templates/assets/ is published under a hashed name. */
function fixFor(link: string, basePath: string): string {
  const asset = /^assets\/([^/]+\.(?:css|js))$/.exec(link.slice(basePath.length))?.[1];
  return asset
    ? `Stylesheets and scripts are published under names with a hash of their content: link this one as {{ site.assets['${asset}'] }}.`
    : 'Correct the link, or remove it.';
}

/** Reports every one of `links` (as `internalLinks` finds them) that leads nowhere, at `at` (or where `at(link)` finds it). Returns the broken targets. */
export function checkLinks(
  links: readonly string[],
  basePath: string,
  files: ReadonlySet<string>,
  at: SourcePosition | ((link: string) => SourcePosition),
  what: string,
  sink: DiagnosticSink,
  skip: { has(link: string): boolean } = new Set(),
): Set<string> {
  const broken = new Set<string>();
  for (const link of links) {
    if (skip.has(link) || broken.has(link) || linkTargetExists(link, basePath, files)) continue;
    broken.add(link);
    sink.error(typeof at === 'function' ? at(link) : at, 'broken-link', `${what} links to ${link}, which is not a page of the site.`, fixFor(link, basePath));
  }
  return broken;
}
