import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { newsItem, removeDir, runCli, writeSite } from '../helpers/site.js';

const sites: string[] = [];
afterEach(() => sites.splice(0).forEach(removeDir));

describe('an interface-strings file that is not UTF-8', () => {
  it('is reported like any other file, at its first bad character', () => {
    const site = writeSite({ 'content/news/2016-09-13-a.md': newsItem({}) });
    sites.push(site);
    // "Menü" saved as Latin-1: the ü is the byte 0xFC.
    writeFileSync(path.join(site, 'templates/i18n/en.yaml'), Buffer.concat([Buffer.from('home: Home\nmenu: Men'), Buffer.from([0xfc]), Buffer.from('\n')]));
    const result = runCli(['check'], { cwd: site });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      'templates/i18n/en.yaml:2:10: error: This file is not valid UTF-8 text: the character here is in another encoding (often Windows-1252 or Latin-1). Save the file again as UTF-8 (in most editors: "Save with encoding" → UTF-8) and check the character. [not-utf8]',
    );
  });
});
