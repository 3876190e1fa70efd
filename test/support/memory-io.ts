import { Writable } from 'node:stream';

/** A writable that keeps what was written, for asserting on a command's output. */
export class MemoryStream extends Writable {
  private readonly chunks: string[] = [];

  override _write(chunk: Buffer | string, _encoding: BufferEncoding, callback: () => void): void {
    this.chunks.push(chunk.toString());
    callback();
  }

  text(): string {
    return this.chunks.join('');
  }
}

/** stdout/stderr pair for a CLI command under test. */
export const memoryIo = () => ({ stdout: new MemoryStream(), stderr: new MemoryStream() });
