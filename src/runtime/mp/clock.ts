// One clock for every process of a run. performance.now() counts from each process's own
// timeOrigin; process.hrtime is the system-wide monotonic clock (CLOCK_MONOTONIC on Linux,
// mach_absolute_time on macOS, QueryPerformanceCounter on Windows), so a point on it means the same
// instant in every process. A child converts the runner's start from hrtime to its own now().

/** Where this process's performance.now() is zero, on the hrtime clock (ns). */
export function hrOrigin(): bigint {
  return process.hrtime.bigint() - BigInt(Math.round(performance.now() * 1e6));
}

/** A point of this process's performance.now() clock (ms) on the hrtime clock, as a decimal string. */
export function toHr(ms: number): string {
  return (hrOrigin() + BigInt(Math.round(ms * 1e6))).toString();
}
