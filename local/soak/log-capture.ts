import { format } from 'node:util';

/**
 * Captures everything the handler writes while the soak runs. Powertools' Logger writes through
 * its own `Console` bound to process.stdout/stderr (ending in `stream.write`), or through the global
 * `console` in dev mode, which test runners replace with their own. So both are replaced: `write` on
 * the two streams, and the global console's methods (captured directly, not written twice).
 */
export interface LogCapture {
  /** Complete lines captured so far (a trailing partial line is held until its newline or stop()). */
  lines(): string[];
  /** Writes to the real stdout/stderr while capture is on (progress, the report). */
  passthrough(stream: 'stdout' | 'stderr', text: string): void;
  /** Restores the streams; returns every captured line. */
  stop(): string[];
}

type Write = typeof process.stdout.write;
type ConsoleMethod = 'log' | 'info' | 'warn' | 'error' | 'debug' | 'trace';
const CONSOLE_METHODS: ConsoleMethod[] = ['log', 'info', 'warn', 'error', 'debug', 'trace'];

export interface LogCaptureOptions {
  /** Also called with each complete line (e.g. to append to a log file). */
  onLine?: (line: string) => void;
}

export const startLogCapture = (options: LogCaptureOptions = {}): LogCapture => {
  const captured: string[] = [];
  const partial = { stdout: '', stderr: '' };
  const originals = { stdout: process.stdout.write, stderr: process.stderr.write };

  const take = (stream: 'stdout' | 'stderr', chunk: unknown, encoding?: unknown) => {
    const text =
      typeof chunk === 'string'
        ? chunk
        : Buffer.from(chunk as Uint8Array).toString(
            typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8',
          );
    const pieces = (partial[stream] + text).split('\n');
    partial[stream] = pieces.pop() ?? '';
    for (const line of pieces) {
      captured.push(line);
      options.onLine?.(line);
    }
  };

  const replacement = (stream: 'stdout' | 'stderr'): Write =>
    ((chunk: unknown, encoding?: unknown, callback?: unknown) => {
      take(stream, chunk, encoding);
      const done = typeof encoding === 'function' ? encoding : callback;
      if (typeof done === 'function') queueMicrotask(() => (done as () => void)());
      return true;
    }) as Write;

  process.stdout.write = replacement('stdout');
  process.stderr.write = replacement('stderr');
  const consoleOriginals = CONSOLE_METHODS.map((method) => [method, console[method]] as const);
  for (const method of CONSOLE_METHODS) {
    const stream = method === 'log' || method === 'info' || method === 'debug' ? 'stdout' : 'stderr';
    console[method] = (...args: unknown[]) => take(stream, `${format(...args)}\n`);
  }

  return {
    lines: () => captured,
    passthrough: (stream, text) => {
      originals[stream].call(process[stream], text);
    },
    stop: () => {
      process.stdout.write = originals.stdout;
      process.stderr.write = originals.stderr;
      for (const [method, original] of consoleOriginals) console[method] = original;
      for (const stream of ['stdout', 'stderr'] as const) {
        if (partial[stream]) {
          captured.push(partial[stream]);
          options.onLine?.(partial[stream]);
          partial[stream] = '';
        }
      }
      return captured;
    },
  };
};
