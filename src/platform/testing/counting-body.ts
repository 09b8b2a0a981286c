import { Readable } from 'node:stream';

/**
 * A request body of `total` bytes made only as the server reads it, counting the bytes it
 * read: a test sends a large body and then checks that a refused request was refused
 * without reading it (the count stays near one chunk), with no timing involved.
 */
export function countingBody(total: number, head: Buffer = Buffer.alloc(0)): { stream: Readable; read: () => number } {
  const chunk = Buffer.alloc(64 * 1024, 0x20);
  let read = 0;
  const stream = new Readable({
    // A small buffer ahead: what the server has not asked for is not made.
    highWaterMark: 16 * 1024,
    read() {
      if (read >= total) {
        this.push(null);
        return;
      }
      const piece = read < head.length ? head.subarray(read, read + chunk.length) : chunk.subarray(0, Math.min(chunk.length, total - read));
      read += piece.length;
      this.push(piece);
    },
  });
  return { stream, read: () => read };
}
