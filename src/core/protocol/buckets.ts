// The layout of a long run's summary buckets (the pyramid, src/core/timeline/pyramid.ts), which the
// webview protocol carries as flat Float32Array rows: one time per thread state, then four counters.
import { threadStates } from '../trace/kinds';

/** Fields of a bucket, after the state times (ns, in the order of threadStates). */
export const F_HELD = threadStates.length; // ns holding at least one lock-like
export const F_CONTENDED = F_HELD + 1; // ns of that while another thread waited for one of them
export const F_EVENTS = F_HELD + 2; // events recorded
export const F_WAITS = F_HELD + 3; // blocked/waiting/joining/sleeping spans that began
export const FIELDS = F_HELD + 4;
