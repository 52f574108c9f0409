const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPENERS = new Set([0x5b, 0x7b]); // [ {
const CLOSERS = new Set([0x5d, 0x7d]); // ] }

/**
 * Counts JSON nesting on the raw bytes as they arrive, outside strings, so a body nested too deep
 * is refused after its first few kilobytes instead of after JSON.parse has chewed through all of
 * it (1 MB of "[" held the event loop for seconds). Works on UTF-8 bytes: multi-byte sequences
 * never contain ASCII bytes, so quotes, backslashes and brackets are seen exactly.
 */
export class JsonDepthScanner {
  private depth = 0;
  private inString = false;
  private escaped = false;

  constructor(private readonly maxDepth: number) {}

  /** False as soon as the nesting so far goes deeper than allowed. */
  push(chunk: Uint8Array): boolean {
    for (const byte of chunk) {
      if (this.inString) {
        if (this.escaped) this.escaped = false;
        else if (byte === BACKSLASH) this.escaped = true;
        else if (byte === QUOTE) this.inString = false;
      } else if (byte === QUOTE) this.inString = true;
      else if (OPENERS.has(byte)) {
        if (++this.depth > this.maxDepth) return false;
      } else if (CLOSERS.has(byte)) this.depth--;
    }
    return true;
  }
}
