import { describe, expect, it } from 'vitest';
import { runWithClosedStdout } from '../../support/closed-stdout-run';

describe('npm start writing into a pipe whose reader quit (npm start | head)', () => {
  it('runs to its end and exits with its own code, without an EPIPE stack trace', {
    timeout: 120_000,
  }, async () => {
    // prepare: the reader goes away before the run writes anything, as `head -1` soon does
    const args = ['--import', 'tsx', 'local/run.ts'];

    // act
    const { code, stderr } = await runWithClosedStdout(args);

    // assess
    expect(stderr).not.toMatch(/EPIPE|Unhandled 'error' event/);
    expect(code).toBe(0);
  });
});
