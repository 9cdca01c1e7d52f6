import os from 'node:os';
import path from 'node:path';

export interface GuardPaths {
  readonly outDir: string;
  readonly cwd: string;
  readonly contentDir: string;
  readonly templatesDir: string;
}

/**
 * Why an output folder must be refused, or null. The build replaces the whole
 * folder, so it must never be `/`, the home folder, the project itself, or a
 * folder holding (or inside) the content or templates.
 */
export function refuseOutputDir({ outDir, cwd, contentDir, templatesDir }: GuardPaths): string | null {
  const out = path.resolve(outDir);
  const inside = (child: string, parent: string): boolean => {
    const relative = path.relative(parent, child);
    return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
  };
  if (out === path.parse(out).root) return `--out ${outDir} is the root of the file system.`;
  if (out === path.resolve(os.homedir())) return `--out ${outDir} is your home folder.`;
  if (out === path.resolve(cwd)) return `--out ${outDir} is the project folder itself.`;
  for (const [name, dir] of [['content', contentDir], ['templates', templatesDir]] as const) {
    const resolved = path.resolve(dir);
    if (inside(out, resolved)) return `--out ${outDir} lies inside the ${name} folder (${dir}).`;
    if (inside(resolved, out)) return `--out ${outDir} contains the ${name} folder (${dir}).`;
  }
  return null;
}
