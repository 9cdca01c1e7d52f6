/**
 * The file piscina loads in each worker thread: a CommonJS module that loads
 * the real worker, an ES module named by `workerData.module`, with `import()`.
 *
 * Why not hand piscina the ES module itself: piscina loads a worker with
 * `require()` first, and on Node 20.19+ `require()` loads an ES module
 * synchronously. A thread terminated during that load (a pool stopped while a
 * thread is still starting, which happens whenever the other threads finish
 * the work first) aborts the whole process with V8's fatal error "IsGraphAsync
 * must be used on an instantiated module". `import()` is stopped cleanly.
 */
import workerThreads = require('node:worker_threads');

type TaskHandler = (task: unknown) => unknown;

interface EsmWorkerData {
  readonly module: string;
}

// Started as the thread starts, so the module loads while the pool hands out its first tasks.
const handler: Promise<TaskHandler> = import((workerThreads.workerData as EsmWorkerData).module).then(
  (loaded: { default: TaskHandler }) => loaded.default,
);
// A module that fails to load fails each task that awaits it; without this, it would also end the thread at once.
handler.catch(() => undefined);

export = async function runTask(task: unknown): Promise<unknown> {
  return (await handler)(task);
};
