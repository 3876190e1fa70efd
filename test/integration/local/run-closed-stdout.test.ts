import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';

describe('npm start writing into a pipe whose reader quit (npm start | head)', () => {
  it('runs to its end and exits with its own code, without an EPIPE stack trace', {
    timeout: 120_000,
  }, async () => {
    // prepare: the reader goes away before the run writes anything, as `head -1` soon does
    const child = spawn(process.execPath, ['--import', 'tsx', 'local/run.ts'], {
      cwd: process.cwd(),
      env: { ...process.env, NODE_NO_WARNINGS: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
    });

    // act
    const code = await new Promise<number | null>((resolve) =>
      child.on('close', (exitCode) => resolve(exitCode)),
    );

    // assess
    expect(stderr).not.toMatch(/EPIPE|Unhandled 'error' event/);
    expect(code).toBe(0);
  });
});
