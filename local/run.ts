import { createWriteStream } from 'node:fs';
import { Writable } from 'node:stream';
import type { CliIo } from '../cli/output';
import { checkHandlerLog, checkInputFile, parseRunArguments, RunUsageError } from './run/arguments';
import { runLocal } from './run/run-local';

/**
 * `npm start`: the relay end to end on this machine (docs/local-run.md). Results go to stdout,
 * progress to stderr; the handler's own log lines are captured (see --handler-log, --verbose).
 * Exit 0 only when every message is accounted for; 1 when not; 2 on bad arguments; 130 on Ctrl-C.
 */
const forward = (stream: NodeJS.WriteStream): Writable => {
  // Bound now: while the run captures the handler's output, process.stdout.write is replaced.
  const write = stream.write.bind(stream);
  const writable = new Writable({
    write(chunk, _encoding, done) {
      write(chunk);
      done();
    },
  });
  return Object.assign(writable, { isTTY: stream.isTTY === true });
};

// `npm start | head` closes the pipe early; an unhandled EPIPE then killed the run mid-flight
// with a stack trace. Output nobody reads is dropped and the run finishes (and stops its servers).
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
  });
}

const io: CliIo = { stdout: forward(process.stdout), stderr: forward(process.stderr) };

const main = async (): Promise<number> => {
  let parsed: ReturnType<typeof parseRunArguments>;
  try {
    parsed = parseRunArguments(process.argv.slice(2), process.env);
    await checkInputFile(parsed.options.file);
    await checkHandlerLog(parsed.handlerLog);
  } catch (error) {
    if ((error as { code?: string }).code === 'commander.helpDisplayed') return 0;
    if (error instanceof RunUsageError) {
      io.stderr.write(`npm start: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
  const stopping = new AbortController();
  let interrupts = 0;
  process.on('SIGINT', () => {
    interrupts += 1;
    if (interrupts > 1) process.exit(130);
    io.stderr.write(
      '\nstopping: letting running invocations finish, then shutting every server down (Ctrl-C again to force)\n',
    );
    stopping.abort();
  });
  const log = parsed.handlerLog ? createWriteStream(parsed.handlerLog, { flags: 'a' }) : undefined;
  // Checked writable above; should it fail later (disk full), the run goes on without its log.
  let logFailed = false;
  log?.on('error', (error) => {
    if (!logFailed) io.stderr.write(`npm start: handler log: ${error.message}\n`);
    logFailed = true;
  });
  try {
    const result = await runLocal(
      {
        ...parsed.options,
        onHandlerLogLine: (line) => {
          log?.write(`${line}\n`);
          if (parsed.verbose) io.stderr.write(`${line}\n`);
        },
      },
      io,
      stopping.signal,
    );
    return stopping.signal.aborted ? 130 : result.exitCode;
  } finally {
    await new Promise<void>((resolve) => (log ? log.end(resolve) : resolve()));
  }
};

main().then(
  (code) => {
    process.exitCode = code;
    // Everything this run started is stopped; should a library still hold the loop open, do not linger.
    setTimeout(() => process.exit(code), 2_000).unref();
  },
  (error: unknown) => {
    io.stderr.write(
      `npm start failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exitCode = 1;
    setTimeout(() => process.exit(1), 2_000).unref();
  },
);
