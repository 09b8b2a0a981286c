import type { Readable } from 'node:stream';
import { errorCodes } from 'fastify';

/**
 * Reads a body within `limit`. With a Content-Length the bytes go straight into one buffer
 * of that size (the body is in memory once, not as chunks and then their concatenation).
 */
export function readPayload(payload: Readable, limit: number, contentLength: string | undefined): Promise<Buffer> {
  const declared = contentLength === undefined ? undefined : Number(contentLength);
  if (declared !== undefined && declared > limit) return Promise.reject(new errorCodes.FST_ERR_CTP_BODY_TOO_LARGE());
  const preallocated = declared !== undefined && Number.isSafeInteger(declared) && declared >= 0 ? Buffer.allocUnsafe(declared) : undefined;
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const stop = () => {
      payload.off('data', onData);
      payload.off('end', onEnd);
      payload.off('error', onError);
    };
    function onData(chunk: Buffer | string) {
      const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      if (size + bytes.length > limit || (preallocated && size + bytes.length > preallocated.length)) {
        stop();
        reject(size + bytes.length > limit ? new errorCodes.FST_ERR_CTP_BODY_TOO_LARGE() : new errorCodes.FST_ERR_CTP_INVALID_CONTENT_LENGTH());
        return;
      }
      if (preallocated) bytes.copy(preallocated, size);
      else chunks.push(bytes);
      size += bytes.length;
    }
    function onEnd() {
      stop();
      if (preallocated && size !== preallocated.length) {
        reject(new errorCodes.FST_ERR_CTP_INVALID_CONTENT_LENGTH());
        return;
      }
      resolve(preallocated ?? Buffer.concat(chunks, size));
    }
    function onError(error: Error) {
      stop();
      reject(error);
    }
    payload.on('data', onData);
    payload.on('end', onEnd);
    payload.on('error', onError);
  });
}
