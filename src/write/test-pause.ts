import type { WriteHooks, WritePoint } from './atomic-output.js';

/** The environment variable that makes a build stop at a named point of the write stage. */
export const PAUSE_VARIABLE = 'COMMUNIQUE_TEST_PAUSE_AT';

const POINTS: readonly WritePoint[] = ['before-write', 'mid-write', 'before-swap', 'between-renames', 'after-swap'];

/**
 * Test hook for the kill tests (tests/reliability/atomic-output.test.ts).
 * When `COMMUNIQUE_TEST_PAUSE_AT` names a write point, the build prints
 * `communique: paused at <point>` on stderr when it gets there and then waits
 * forever, so the test can SIGKILL it at exactly that moment. Unset (always,
 * outside tests) it does nothing. Returns no hooks for an unknown point name.
 */
export function createPauseHooks(pointName: string | undefined): WriteHooks {
  const point = POINTS.find((p) => p === pointName);
  if (!point) return {};
  return {
    pause: async (reached) => {
      if (reached !== point) return;
      process.stderr.write(`communique: paused at ${reached}\n`);
      // A pending promise alone would let Node exit: the interval keeps the process alive until it is killed.
      await new Promise<never>(() => setInterval(() => undefined, 60_000));
    },
  };
}
