// Events as they cross the webview boundary (live/append, window/show): one chunk payload of the
// binary trace, stored plain (core/trace/binary/chunk.ts, docs/trace-store.md). As eight typed
// arrays a batch is 45 bytes an event; as number tokens a lock hammer's is ~3–4. Every byte sent to
// a panel is copied, framed and deflated by VS Code on the extension host's thread, and the
// buffers' churn is what drives the host's long garbage collections.
import { decodeChunk, encodeChunk } from '../trace/binary/chunk';
import type { EventBatch } from '../trace/format';
import { eventKindName } from '../trace/kinds';

/** The payload of `batch`'s events (a buffer of its own, so nothing else travels with it). */
export function packEvents(batch: EventBatch): Uint8Array {
  return encodeChunk(batch, {});
}

/** Payloads decoded once: the message validator decodes them and the view reads the same batch. */
const unpacked = new WeakMap<Uint8Array, EventBatch | null>();

/** The events of a payload, or undefined when it does not decode or names an event kind kinds.ts does not define. */
export function unpackEvents(bytes: Uint8Array): EventBatch | undefined {
  let batch = unpacked.get(bytes);
  if (batch === undefined) {
    batch = decoded(bytes);
    unpacked.set(bytes, batch);
  }
  return batch ?? undefined;
}

function decoded(bytes: Uint8Array): EventBatch | null {
  let batch: EventBatch;
  try {
    batch = decodeChunk(bytes, {});
  } catch {
    return null;
  }
  // The view would draw an unknown kind as nothing at all.
  for (const k of batch.k) if (eventKindName[k] === undefined) return null;
  return batch;
}
