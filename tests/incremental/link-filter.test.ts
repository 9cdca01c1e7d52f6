import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { linkFilterOf, mayLinkToAny } from '../../lib/cache/link-filter.js';
import { linkTargetExists } from '../../lib/render/link-check.js';

const segment = fc.stringMatching(/^[a-z0-9é-]{1,12}$/);
const sitePath = fc.array(segment, { minLength: 1, maxLength: 4 }).map((parts) => `/${parts.join('/')}/`);

describe("a page's link filter", () => {
  it('never misses a file one of its links leads to, whatever the base path', () => {
    fc.assert(
      fc.property(fc.constantFrom('/', '/osce/'), fc.uniqueArray(sitePath, { minLength: 1, maxLength: 80 }), fc.nat(), (basePath, paths, pick) => {
        const links = paths.map((p) => `${basePath.slice(0, -1)}${encodeURI(p)}`);
        const filter = linkFilterOf(links, basePath);
        const chosen = paths[pick % paths.length] as string;
        const file = `${chosen.slice(1)}index.html`;
        // The file the link checker would look for is the one the filter answers for.
        expect(linkTargetExists(`${basePath.slice(0, -1)}${encodeURI(chosen)}`, basePath, new Set([file]))).toBe(true);
        expect(mayLinkToAny([file])(filter)).toBe(true);
        expect(mayLinkToAny(['some/other/index.html', file])(filter)).toBe(true);
      }),
    );
  });

  it('answers for a link without a trailing slash either file it may name', () => {
    const filter = linkFilterOf(['/assets/style.css', '/news/item'], '/');
    expect(mayLinkToAny(['assets/style.css'])(filter)).toBe(true);
    expect(mayLinkToAny(['news/item/index.html'])(filter)).toBe(true);
    expect(mayLinkToAny(['news/item'])(filter)).toBe(true);
  });

  it('rules out most files a page of 60 links does not link to, and holds nothing when empty', () => {
    const links = Array.from({ length: 60 }, (_, index) => `/news/item-${index}/`);
    const filter = linkFilterOf(links, '/');
    const others = Array.from({ length: 2000 }, (_, index) => `news/other-${index}/index.html`);
    const falsePositives = others.filter((file) => mayLinkToAny([file])(filter)).length;
    expect(falsePositives / others.length).toBeLessThan(0.06);
    const empty = linkFilterOf([], '/');
    expect(others.some((file) => mayLinkToAny([file])(empty))).toBe(false);
  });

  it('takes a page without a filter (an older manifest), or a damaged one, as linking anywhere', () => {
    expect(mayLinkToAny(['news/a/index.html'])(undefined)).toBe(true);
    expect(mayLinkToAny(['news/a/index.html'])('not a filter')).toBe(true);
  });
});
