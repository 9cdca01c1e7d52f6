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
