import { spawn } from 'node:child_process';

/**
 * Runs `node ...args` from the repo root with its stdout pipe closed before the child writes
 * anything, as `| head` does, and reports how it ended: its exit code and everything on stderr.
 */
export const runWithClosedStdout = async (args: string[]) => {
  const child = spawn(process.execPath, args, {
    cwd: process.cwd(),
    env: { ...process.env, NODE_NO_WARNINGS: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.destroy();
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8');
  });
  const code = await new Promise<number | null>((resolve) =>
    child.on('close', (exitCode) => resolve(exitCode)),
  );
  return { code, stderr };
};
