import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runWithClosedStdout } from '../../support/closed-stdout-run';

describe('relay writing to a pipe that is already closed (relay ... | head)', () => {
  let directory: string;

  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'relay-epipe-'));
    await writeFile(
      join(directory, 'links.csv'),
      'source_doc_id__v,source_major_version__v,source_minor_version__v,target_doc_id__v,relationship_type__v\n' +
        '548,0,1,549,supporting_documents__vs\n',
    );
  });
  afterAll(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  it('finishes with its own exit code and no stack trace', async () => {
    // prepare: the reader goes away before the command writes anything, as `head` does
    const args = ['cli/bin.mjs', 'enqueue', join(directory, 'links.csv'), '--dry-run'];

    // act
    const { code, stderr } = await runWithClosedStdout(args);

    // assess
    expect(stderr).not.toMatch(/EPIPE|\n\s+at /);
    expect(code).toBe(0);
  });
});
