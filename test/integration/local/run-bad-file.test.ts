import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);

/** `npm start -- ARGS` as a child process; resolves with its exit code and output, never rejects. */
const npmStart = async (args: string[]) => {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', 'local/run.ts', ...args], {
      cwd: process.cwd(),
      env: { ...process.env, NODE_NO_WARNINGS: '1' },
      timeout: 25_000,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
};

describe('npm start with a --file it cannot use', () => {
  let directory: string;

  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'relay-run-bad-file-'));
    await writeFile(join(directory, 'header-only.csv'), 'source_doc_id__v,target_doc_id__v\n');
    await writeFile(join(directory, 'open-quote.csv'), 'a,b\n"1,2\n3,4\n');
    await mkdir(join(directory, 'folder.csv'));
  });
  afterAll(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  it.each([
    ['a missing file', 'missing.csv', /cannot read .*missing\.csv: no such file/],
    ['a directory', 'folder.csv', /is a directory/],
    ['an unterminated quote', 'open-quote.csv', /cannot be parsed at the record starting on line 2/],
    ['a header without rows', 'header-only.csv', /holds no rows/],
  ])('%s: exit 2 with one line, before any server starts', async (_, name, reason) => {
    // act
    const { code, stdout, stderr } = await npmStart(['--file', join(directory, name)]);

    // assess
    expect(code).toBe(2);
    expect(stderr).toMatch(reason);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toMatch(/^npm start: /);
    expect(stdout).not.toMatch(/SQS emulator/);
  });

  it('a --handler-log it cannot write: exit 2 with one line, before any server starts', async () => {
    // act
    const { code, stdout, stderr } = await npmStart([
      '--handler-log',
      join(directory, 'missing-dir', 'h.log'),
    ]);

    // assess
    expect(code).toBe(2);
    expect(stderr).toMatch(/^npm start: cannot write --handler-log .*h\.log: no such directory/);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stdout).not.toMatch(/SQS emulator/);
  });
});
