/** How long one stage of a build took. */
export interface StageTiming {
  readonly stage: string;
  readonly ms: number;
}

/** Records the time from one mark to the next; `communique build --timings` prints the result. */
export interface StageClock {
  /** Ends the stage that began at the previous mark (or at creation), naming it. */
  mark(stage: string): void;
  readonly timings: StageTiming[];
}

export function createStageClock(): StageClock {
  let last = performance.now();
  const timings: StageTiming[] = [];
  return {
    timings,
    mark(stage) {
      const now = performance.now();
      timings.push({ stage, ms: now - last });
      last = now;
    },
  };
}

/** `load 0.39 s · parse 0.70 s · …` */
export function formatTimings(timings: readonly StageTiming[]): string {
  return timings.map(({ stage, ms }) => `${stage} ${(ms / 1000).toFixed(2)} s`).join(' · ');
}
