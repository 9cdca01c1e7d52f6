/**
 * The URL of a worker module next to `from`. Worker threads load plain
 * JavaScript, so when `from` is a TypeScript source (the test runner imports
 * `src/` directly) the compiled twin under `lib/` is used: `npm test` compiles
 * first.
 */
export function compiledModule(relative: string, from: string): string {
  const url = new URL(relative, from);
  if (from.endsWith('.ts')) url.pathname = url.pathname.replace(/\/src\/(?!.*\/src\/)/, '/lib/');
  return url.href;
}

/**
 * Piscina's `filename` and `workerData` for a worker whose entry is the
 * default export of the ES module `relative` (next to `from`): the threads
 * load it through `esm-worker-entry.cjs`, which says why.
 */
export function esmWorkerFile(relative: string, from: string): { filename: string; workerData: { module: string } } {
  return {
    filename: compiledModule('./esm-worker-entry.cjs', import.meta.url),
    workerData: { module: compiledModule(relative, from) },
  };
}
