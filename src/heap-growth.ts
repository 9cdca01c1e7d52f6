import v8 from 'node:v8';

/** How much V8 may grow the heap after a full garbage collection, in percent of what survived it. */
const HEAP_GROWING_PERCENT = 50;

/**
 * Lets the heap grow to at most one and a half times what survived the last
 * full garbage collection. V8 grows it by up to four times while collecting
 * looks cheap, and a build allocates fast and keeps little: at N = 10,000 a
 * cold build once held about 315 MB after its last full collection and
 * reached 1.2 GB of resident memory, never collecting again.
 *
 * Measured on the benchmark's sites (single runs, alternating, on the shared
 * two-core machine): at 100 % (the value until this round, which had taken a
 * cold build at N = 10,000 from 1.2 to 0.89 GB) a cold build at N = 10,000
 * peaked at 514-523 MiB, at 70 % 483, at 50 % 447-451, in the same time
 * (44.5-48.3 against 45.1-46.3 s); at N = 4,000 50 % took 20.3-23.5 s
 * against 20.5-22.1 s (medians 21.6 and 20.8 s) and 350-366 against
 * 376-399 MiB; a publish at N = 10,000 5.8-6.2 s against 5.6-6.3 s and
 * 328-387 against 422-463 MiB; the dev session's first build 36.7 against 37.5-39.0 s and
 * 439 against 517-525 MiB. 30 % took the session to 410 MiB but its build
 * to 39.6 s and the bench's edit to 102 ms. The live heap is now small
 * (under 200 MB late in a cold build); the peak is garbage waiting for the
 * next full collection.
 *
 * A process-wide V8 flag (worker threads' heaps follow it too), so only the
 * CLI sets it (and the benchmark's dev-edit driver, which stands in for
 * `communique dev`), never the library. V8 reads it at each full
 * collection, so setting it after start-up applies.
 */
export function limitHeapGrowth(): void {
  v8.setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
}
