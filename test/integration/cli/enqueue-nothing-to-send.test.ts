import { describe, expect, it } from 'vitest';
import { ExitCode } from '../../../cli/errors';
import { enqueueSuite } from '../../support/enqueue-suite';
import { queueDepth } from '../../support/queue-drain';

const HEADER =
  'source_doc_id__v,source_major_version__v,source_minor_version__v,target_doc_id__v,relationship_type__v';

describe('relay enqueue with a file that has nothing to send', () => {
  const suite = enqueueSuite('nothing');
  const enqueue = async (name: string, content: string, flags: { skipInvalid?: boolean; dryRun?: boolean }) =>
    suite.enqueue(await suite.file(name, content), flags);

  it.each([
    ['a header-only CSV', 'header.csv', `${HEADER}\n`],
    ['an empty JSON-lines file', 'empty.jsonl', ''],
    ['a JSON-lines file of blank lines', 'blank.jsonl', '\n\n  \n'],
  ])('%s is an input problem (exit 2), not a successful send of nothing', async (_, name, content) => {
    // act
    const { exitCode, io } = await enqueue(name, content, {});

    // assess
    expect(exitCode).toBe(ExitCode.Usage);
    expect(io.stdout.text()).toMatch(/holds no rows; nothing was sent/);
    expect((await queueDepth(suite.sqs.client, suite.queueUrl)).visible).toBe(0);
  });

  it('a header-only CSV fails a dry run too', async () => {
    // act
    const { exitCode } = await enqueue('dry.csv', `${HEADER}\n`, { dryRun: true });

    // assess
    expect(exitCode).toBe(ExitCode.Usage);
  });

  it('--skip-invalid when every row is invalid sends nothing and exits 2', async () => {
    // prepare
    const content = `${HEADER}\nx548,0,1,549,supporting_documents__vs\n550,0,1,551,Supporting Docs\n`;

    // act
    const { exitCode, io, summary } = await enqueue('all-bad.csv', content, { skipInvalid: true });

    // assess
    expect(exitCode).toBe(ExitCode.Usage);
    expect(summary.invalid).toHaveLength(2);
    expect(io.stdout.text()).toMatch(/all 2 rows are invalid; nothing was sent/i);
    expect((await queueDepth(suite.sqs.client, suite.queueUrl)).visible).toBe(0);
  });
});
