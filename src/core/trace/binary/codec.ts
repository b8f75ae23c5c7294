// What the binary trace needs from its platform, injected so that core stays free of Node and DOM:
// Node gives zlib and its TextEncoder (runtime/store/codec.ts); a browser could give its own.
export interface StoreCodec {
  /** Raw deflate (no zlib header), or undefined where none is available (chunks are then stored plain). */
  deflate?(bytes: Uint8Array): Uint8Array;
  /** Required to read a deflated chunk. */
  inflate?(bytes: Uint8Array, rawLength: number): Uint8Array;
  encodeText(text: string): Uint8Array;
  decodeText(bytes: Uint8Array): string;
}
