// Node's side of the binary trace's codec (core/trace/binary/codec.ts): zlib's raw deflate at
// level 1 (on the lock hammer, levels above 1 save under 10 % more and cost twice the time) and
// Node's TextEncoder.
import { constants, deflateRawSync, inflateRawSync } from 'node:zlib';
import type { StoreCodec } from '../../core/trace/binary/codec';

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export const nodeStoreCodec: StoreCodec = {
  deflate: (bytes) => deflateRawSync(bytes, { level: 1, strategy: constants.Z_DEFAULT_STRATEGY }),
  inflate: (bytes) => inflateRawSync(bytes),
  encodeText: (text) => encoder.encode(text),
  decodeText: (bytes) => decoder.decode(bytes),
};
