import { describe, expect, it } from 'vitest';
import { ExitCode } from '../../../cli/errors';
import { enqueueSuite } from '../../support/enqueue-suite';
import { drainQueue, queueDepth } from '../../support/queue-drain';

const HEADER =
  'source_doc_id__v,source_major_version__v,source_minor_version__v,target_doc_id__v,target_major_version__v,target_minor_version__v,relationship_type__v';

describe('relay enqueue against the embedded SQS', () => {
  const suite = enqueueSuite('enqueue');
  const { file, enqueue } = suite;
  const bodies = async () =>
    (await drainQueue(suite.sqs.client, suite.queueUrl))
      .map((message) => JSON.parse(message.Body as string))
      .sort((a, b) => a.source_doc_id__v - b.source_doc_id__v);

  it('sends one normalised message per CSV row, in batches, omitting empty optional versions', async () => {
    // prepare: 23 rows (three batches), digit strings, one row without target versions
    const rows = Array.from({ length: 22 }, (_, i) => `${1000 + i},0,1,549,0,2,supporting_documents__vs`);
    const path = await file(
      'links.csv',
      [HEADER, ...rows, '2000,1,0,550,,,related_pieces__c', ''].join('\n'),
    );

    // act
    const { exitCode, summary } = await enqueue(path);

    // assess
    expect(exitCode).toBe(ExitCode.Ok);
    expect(summary).toMatchObject({ format: 'csv', rows: 23, valid: 23, sent: 23, failed: [] });
    const sent = await bodies();
    expect(sent).toHaveLength(23);
    expect(sent[0]).toEqual({
      source_doc_id__v: 1000,
      source_major_version__v: 0,
      source_minor_version__v: 1,
      target_doc_id__v: 549,
      target_major_version__v: 0,
      target_minor_version__v: 2,
      relationship_type__v: 'supporting_documents__vs',
    });
    expect(sent[22]).toEqual({
      source_doc_id__v: 2000,
      source_major_version__v: 1,
      source_minor_version__v: 0,
      target_doc_id__v: 550,
      relationship_type__v: 'related_pieces__c',
    });
  });

  it('sends JSON lines, recognised by their content when the extension says nothing', async () => {
    // prepare
    const lines = [
      '{"source_doc_id__v":"548","source_major_version__v":0,"source_minor_version__v":1,"target_doc_id__v":549,"relationship_type__v":"supporting_documents__vs"}',
      '',
      '{"source_doc_id__v":600,"source_major_version__v":0,"source_minor_version__v":1,"target_doc_id__v":601,"target_major_version__v":1,"target_minor_version__v":0,"relationship_type__v":"based_on__v"}',
    ];
    const path = await file('links.txt', `${lines.join('\n')}\n`);

    // act
    const { exitCode, summary } = await enqueue(path);

    // assess
    expect(exitCode).toBe(ExitCode.Ok);
    expect(summary).toMatchObject({ format: 'jsonl', sent: 2 });
    expect((await bodies()).map((body) => body.source_doc_id__v)).toEqual([548, 600]);
  });

  it('reports every bad row with its line number and field names, and sends nothing', async () => {
    // prepare: line 3 a negative id, line 5 a half version pair, line 6 an unknown column value
    const path = await file(
      'bad.csv',
      [
        HEADER,
        '548,0,1,549,0,2,supporting_documents__vs',
        '-5,0,1,549,0,2,supporting_documents__vs',
        '550,0,1,551,0,2,supporting_documents__vs',
        '552,0,1,553,1,,supporting_documents__vs',
        '554,0,1,555,0,2,Supporting Documents',
      ].join('\n'),
    );

    // act
    const { exitCode, summary, io } = await enqueue(path);

    // assess
    expect(exitCode).toBe(ExitCode.Usage);
    expect(summary.invalid.map((row) => [row.line, row.fields])).toEqual([
      [3, ['source_doc_id__v']],
      [5, ['target_minor_version__v']],
      [6, ['relationship_type__v']],
    ]);
    expect(io.stderr.text()).toContain('line 3: source_doc_id__v must be a non-negative integer');
    expect(io.stdout.text()).toContain('3 of 5 rows are invalid; nothing was sent');
    expect(await queueDepth(suite.sqs.client, suite.queueUrl)).toEqual({ visible: 0, inFlight: 0 });
  });

  it('keeps commas, doubled quotes and line breaks inside quoted fields, and counts lines from where a row starts', async () => {
    // prepare: a quoted multi-line field makes the next row start two lines later
    const path = await file(
      'quoted.csv',
      [
        `${HEADER},note`,
        '548,0,1,549,0,2,supporting_documents__vs,"plain"',
        '550,0,1,551,0,2,supporting_documents__vs,"says ""hi"", then,\nbreaks a line"',
        '552,0,1,553,0,2,"supporting_documents__vs",x',
      ].join('\n'),
    );

    // act
    const { summary } = await enqueue(path);

    // assess: `note` is not a Vault column, so every row is rejected naming it, with the right lines
    expect(summary.invalid.map((row) => [row.line, row.fields])).toEqual([
      [2, ['note']],
      [3, ['note']],
      [5, ['note']],
    ]);
  });

  it('sends a row whose quoted type field holds commas and quotes intact (and lets the schema judge it)', async () => {
    // prepare: quoted values for numbers are fine; a quoted comma inside the type is data, not a delimiter
    const path = await file(
      'quoted-valid.csv',
      [HEADER, '"548","0","1","549",,,"supporting_documents__vs"', '550,0,1,551,0,2,"a,""b"""'].join('\n'),
    );

    // act
    const { summary } = await enqueue(path, { skipInvalid: true });

    // assess: the type with a comma and quotes arrives as one field and is rejected on its own
    expect(summary.invalid).toEqual([
      { line: 3, fields: ['relationship_type__v'], problem: expect.stringContaining('relationship_type__v') },
    ]);
    expect(summary.sent).toBe(1);
    expect(await bodies()).toEqual([
      {
        source_doc_id__v: 548,
        source_major_version__v: 0,
        source_minor_version__v: 1,
        target_doc_id__v: 549,
        relationship_type__v: 'supporting_documents__vs',
      },
    ]);
  });

  it('with --skip-invalid sends the valid rows and reports the skipped ones', async () => {
    // prepare
    const path = await file(
      'mixed.jsonl',
      [
        '{"source_doc_id__v":548,"source_major_version__v":0,"source_minor_version__v":1,"target_doc_id__v":549,"relationship_type__v":"supporting_documents__vs"}',
        '{"source_doc_id__v":549,"source_major_version__v":0,"source_minor_version__v":1,"target_doc_id":550,"relationship_type__v":"supporting_documents__vs"}',
        'not json',
        '{"source_doc_id__v":551,"source_major_version__v":0,"source_minor_version__v":1,"target_doc_id__v":552,"relationship_type__v":"supporting_documents__vs"}',
      ].join('\n'),
    );

    // act
    const { exitCode, summary, io } = await enqueue(path, { skipInvalid: true, json: true });

    // assess
    expect(exitCode).toBe(ExitCode.Ok);
    expect(summary.sent).toBe(2);
    expect(summary.invalid.map((row) => [row.line, row.fields])).toEqual([
      [2, ['target_doc_id__v', 'target_doc_id']],
      [3, ['(line)']],
    ]);
    expect(JSON.parse(io.stdout.text())).toMatchObject({ exitCode: 0, sent: 2, valid: 2 });
    expect(io.stderr.text()).toBe('');
    expect((await bodies()).map((body) => body.source_doc_id__v)).toEqual([548, 551]);
  });

  it('says "1 valid row" and "1 invalid row" in the dry-run line, not "1 ... rows"', async () => {
    // prepare
    const path = await file(
      'one-each.csv',
      [HEADER, '548,0,1,549,0,2,supporting_documents__vs', 'x,0,1,549,0,2,a'].join('\n'),
    );

    // act
    const { exitCode, io } = await enqueue(path, { skipInvalid: true, dryRun: true });

    // assess
    expect(exitCode).toBe(ExitCode.Ok);
    expect(io.stdout.text()).toBe('Dry run: 1 valid row would be sent, 1 invalid row skipped.\n');
  });
});
