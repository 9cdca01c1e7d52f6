import { build, type BuildOptions, type BuildResult } from '../build.js';
import { createBuildMemos, type BuildMemos } from './memos.js';
import { writeOutputAtomically } from '../write/atomic-output.js';
import { writeChangedFiles, type WriteReport } from './write-changed.js';
import { contentHash, type FileContent } from '../render/packed-html.js';

/** A build of the session, with what it wrote. */
export interface SessionBuildResult extends BuildResult {
  /** Output paths written (all of them for the first build); empty when the build failed. */
  readonly written: readonly string[];
  readonly removed: readonly string[];
}

export interface BuildSession {
  /**
   * Rebuilds after `changedPaths` (absolute or cwd-relative; any file under
   * content/ or templates/, added, edited, deleted or renamed) changed. When
   * the list names one item file whose edit changed only its title, summary
   * or text, only that file is read and only the pages showing the item are
   * rendered (`patchTextEdit`): the list must then be complete, as a file
   * watcher's is. Otherwise every input is re-read and compared by content,
   * and what is skipped is the work whose inputs did not change: Markdown of
   * unchanged bodies, Liquid for pages whose view and templates are unchanged,
   * and writes of files whose bytes are unchanged.
   */
  rebuild(changedPaths?: readonly string[]): Promise<SessionBuildResult>;
  /** Output path → sha256 of the bytes on disk, as the session last wrote them. */
  readonly outputHashes: ReadonlyMap<string, string>;
}

/** Options of `createBuildSession`: those of `build`, less the ones the session owns. */
export type SessionOptions = Omit<BuildOptions, 'write' | keyof BuildMemos | 'writeFiles' | 'hooks'>;

/**
 * An incremental build session for `communique dev` (or any long-lived
 * caller). The first `rebuild()` is a full build written atomically; later
 * ones write only changed files, in place. The result of every successful
 * rebuild equals, byte for byte, a clean build of the same inputs (the test
 * suite checks this on random edit sequences).
 */
export function createBuildSession(options: SessionOptions): BuildSession {
  const memos = createBuildMemos();
  const outputHashes = new Map<string, string>();
  const lastContent = new Map<string, FileContent>();
  let first = true;
  // Rebuilds run one after another: a second save during a build waits for it.
  let queue: Promise<unknown> = Promise.resolve();

  const runOnce = async (changedPaths: readonly string[]): Promise<SessionBuildResult> => {
    let report: WriteReport = { written: [], removed: [] };
    const result = await build({
      ...options,
      write: true,
      ...memos,
      changedPaths,
      writeFiles: async (dir, files, onlyChanged) => {
        if (first) {
          await writeOutputAtomically(dir, files);
          outputHashes.clear();
          lastContent.clear();
          for (const file of files) {
            outputHashes.set(file.path, contentHash(file.content));
            lastContent.set(file.path, file.content);
          }
          report = { written: files.map((f) => f.path), removed: [] };
        } else {
          report = onlyChanged ? await writeChangedFiles(dir, onlyChanged, outputHashes, lastContent, { complete: false }) : await writeChangedFiles(dir, files, outputHashes, lastContent);
        }
      },
    });
    // Until one build succeeds, the output folder is whatever was there before: keep writing whole sites.
    if (result.ok) first = false;
    return { ...result, written: report.written, removed: report.removed };
  };

  return {
    outputHashes,
    rebuild(changedPaths = []) {
      const run = (): Promise<SessionBuildResult> => runOnce(changedPaths);
      const next = queue.then(run, run);
      queue = next.catch(() => undefined);
      return next;
    },
  };
}
