// One clock for every process of a run. performance.now() counts from each process's own
// timeOrigin; process.hrtime is the system-wide monotonic clock (CLOCK_MONOTONIC on Linux,
// mach_absolute_time on macOS, QueryPerformanceCounter on Windows), so a point on it means the same
// instant in every process. A child converts the runner's start from hrtime to its own now().

/**
 * Where this process's performance.now() is zero, on the hrtime clock (ns). The two clocks cannot
 * be read at one instant: a thread descheduled between the reads (a loaded machine) would shift
 * every timestamp of the process by that long. So each hrtime read is bracketed by two now()
 * reads, and the tightest of a few brackets gives the origin (error: half of it, well under a µs).
 */
export function hrOrigin(): bigint {
  let best: bigint | undefined;
  let bestWidth = Infinity;
  for (let i = 0; i < 8; i++) {
    const before = performance.now();
    const hr = process.hrtime.bigint();
    const after = performance.now();
    if (after - before < bestWidth) {
      bestWidth = after - before;
      best = hr - BigInt(Math.round(((before + after) / 2) * 1e6));
    }
  }
  return best!;
}

/** A point of this process's performance.now() clock (ms) on the hrtime clock, as a decimal string. */
export function toHr(ms: number): string {
  return (hrOrigin() + BigInt(Math.round(ms * 1e6))).toString();
}
