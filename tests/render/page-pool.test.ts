import { afterAll, describe, expect, it } from 'vitest';
import { createPageRenderPool } from '../../src/render/page-pool.js';
import { createTemplateEngine } from '../../src/render/templates.js';
import { expectSameSiteBothWays } from '../helpers/same-build.js';
import { copyFixture, removeDir } from '../helpers/site.js';

const templates = {
  'page.liquid': '{% layout "layouts/base" %}{% block content %}<h1>{{ title }}</h1>{% for tag in tags %}{% render "partials/tag", tag: tag %}{% endfor %}{% endblock %}',
  'layouts/base.liquid': '<main>{% block content %}{% endblock %}</main>',
  'partials/tag.liquid': '<a href="/tags/{{ tag }}/">{{ tag }}</a>',
  'broken.liquid': '{{ missing_variable }}',
};

const pool = createPageRenderPool(2);
const temporary: string[] = [];
afterAll(async () => {
  temporary.forEach(removeDir);
  await pool.close();
});

describe('the page worker pool', () => {
  it('renders on worker threads exactly what the main thread renders, in order', async () => {
    const engine = createTemplateEngine(templates);
    const pages = Array.from({ length: 9 }, (_, index) => ({ template: 'page', view: { title: `Title <${index}>`, tags: ['a', `b${index}`] } }));
    const html = (await pool.render(templates, 'key-1', pages)).pages;
    expect(html).toEqual(pages.map((page) => engine.render(page.template, page.view)));
    expect(html[3]).toBe('<main><h1>Title &lt;3&gt;</h1><a href="/tags/a/">a</a><a href="/tags/b3/">b3</a></main>');
  });

  it('gives null for a page whose template fails, so the caller renders it again to report it', async () => {
    const { pages: html } = await pool.render(templates, 'key-1', [{ template: 'broken', view: {} }, { template: 'page', view: { title: 'x', tags: [] } }, { template: 'absent', view: {} }]);
    expect(html).toEqual([null, '<main><h1>x</h1></main>', null]);
  });

  it('uses the new templates when their fingerprint changes', async () => {
    const changed = { ...templates, 'layouts/base.liquid': '<div>{% block content %}{% endblock %}</div>' };
    const [html] = (await pool.render(changed, 'key-2', [{ template: 'page', view: { title: 'y', tags: [] } }])).pages;
    expect(html).toBe('<div><h1>y</h1></div>');
  });
});

describe('a build with and without the page worker', () => {
  // Small sites (under 400 pages, like every fixture) render on the main thread alone; this one is made to use the
  // worker, and must give the same site byte for byte.
  it('writes the same site whether templates run on the page worker too or on the main thread only', async () => {
    const dir = copyFixture('readers-site');
    temporary.push(dir);
    const written = await expectSameSiteBothWays({ cwd: dir, buildDate: '2026-01-15', cacheDir: null, searchIndex: false }, { pageWorkerThreshold: 0 }, { pageWorkerThreshold: Number.POSITIVE_INFINITY });
    expect(written).toBeGreaterThan(50);
  });
});
