import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createDiagnosticSink } from '../../lib/diagnostics.js';
import { createParseMemo, parseItemFileMemoized, withoutText } from '../../lib/incremental/parse-memo.js';
import { readSourceFile } from '../../lib/load/read-sources.js';
import { parseItemFile } from '../../lib/parse/item.js';
import { makeTempDir, newsItem, removeDir } from '../helpers/site.js';

const dir = makeTempDir();
afterAll(() => removeDir(dir));
const languages = ['en', 'fr'];
const body = '## Part\n\nThe “words” of the item, long enough to find: ' + 'lorem ipsum '.repeat(20);
writeFileSync(path.join(dir, '2020-01-02-item.md'), newsItem({ title: 'An item', date: '2020-01-02', fieldsOfWork: '[policing, elections]' }, body));

describe("a session's parsed items", () => {
  it('are remembered without their text, and given back as parsing gives them', async () => {
    const memo = createParseMemo();
    const first = parseItemFileMemoized(await readSourceFile(dir, '2020-01-02-item.md', dir), languages, createDiagnosticSink(), memo);
    const again = parseItemFileMemoized(await readSourceFile(dir, '2020-01-02-item.md', dir), languages, createDiagnosticSink(), memo);
    const parsed = parseItemFile(await readSourceFile(dir, '2020-01-02-item.md', dir), languages, createDiagnosticSink());
    for (const item of [first, again]) {
      expect(item).not.toBeNull();
      expect({ ...item, yaml: null, source: null }).toEqual({ ...parsed, yaml: null, source: null });
      expect(item?.body).toContain('The “words” of the item');
      expect(item?.yaml.locateValue(['fieldsOfWork', 1])).toEqual(parsed?.yaml.locateValue(['fieldsOfWork', 1]));
    }
    const entry = [...memo.values()][0];
    expect(entry?.parsed).toBeNull();
    expect(JSON.stringify(entry)).not.toContain('lorem ipsum');
  });

  it('are kept after their build without their text, their positions read again from the file', async () => {
    const parsed = parseItemFile(await readSourceFile(dir, '2020-01-02-item.md', dir), languages, createDiagnosticSink());
    if (!parsed) throw new Error('the item did not parse');
    const kept = withoutText(parsed);
    expect(kept.source.text).toBeNull();
    expect(kept.body).toBe('');
    expect({ ...kept, yaml: null, source: null, body: null }).toEqual({ ...parsed, yaml: null, source: null, body: null });
    expect(kept.yaml.locateValue(['fieldsOfWork', 1])).toEqual(parsed.yaml.locateValue(['fieldsOfWork', 1]));
    expect(kept.yaml.locateValue(['fieldsOfWork', 1])).toMatchObject({ line: 6, column: 26 });
  });
});
