import { describe, expect, it } from 'vitest';
import type { FakeVault } from '../../../local/fake-vault';
import {
  BULK_PATH,
  fakeVaultPerTest,
  postBulkCsv,
  postBulkJson,
  postForm,
  SEED_EXAMPLE_FORM,
  SEED_EXAMPLE_PATH,
  send,
} from '../../support/fake-vault-http';

const row = (source: number, target: number, type = 'supporting_documents__vs') => ({
  source_doc_id__v: source,
  source_major_version__v: 0,
  source_minor_version__v: 1,
  target_doc_id__v: target,
  target_major_version__v: 0,
  target_minor_version__v: 1,
  relationship_type__v: type,
});

const CSV_HEADER =
  'source_doc_id__v,source_major_version__v,source_minor_version__v,target_doc_id__v,target_major_version__v,target_minor_version__v,relationship_type__v';

describe('fake Vault bulk endpoint (POST /objects/documents/relationships/batch)', () => {
  let vault: FakeVault;
  let sessionId: string;
  const start = fakeVaultPerTest((started) => ({ vault, sessionId } = started), { withSession: true });

  it('creates JSON rows and answers one SUCCESS per row, in input order, echoing the ids', async () => {
    await start();
    const rows = [row(548, 549), row(549, 548), row(550, 551, 'references__c')];

    const reply = await postBulkJson(vault, sessionId, rows);

    expect(reply.status).toBe(200);
    expect(reply.json.responseStatus).toBe('SUCCESS');
    expect(reply.json.data).toEqual([
      { responseStatus: 'SUCCESS', id: 1, source_doc_id__v: 548, target_doc_id__v: 549 },
      { responseStatus: 'SUCCESS', id: 2, source_doc_id__v: 549, target_doc_id__v: 548 },
      { responseStatus: 'SUCCESS', id: 3, source_doc_id__v: 550, target_doc_id__v: 551 },
    ]);
    expect(vault.relationships().map((created) => created.source_doc_id__v)).toEqual([548, 549, 550]);
  });

  it('accepts digit strings in JSON rows', async () => {
    await start();

    const reply = await postBulkJson(vault, sessionId, [
      { ...row(548, 549), source_doc_id__v: '548', target_minor_version__v: '1' },
    ]);

    expect(reply.json.data[0].responseStatus).toBe('SUCCESS');
    expect(vault.relationships()[0]?.target_minor_version__v).toBe(1);
  });

  it('creates CSV rows, including quoted fields and a blank optional column', async () => {
    await start();
    const csv = [
      CSV_HEADER,
      '548,0,1,549,0,1,supporting_documents__vs',
      '"549","0","1","548","","","references__c"',
      '550,0,1,"551",0,1,"supporting_documents__vs"',
    ].join('\r\n');

    const reply = await postBulkCsv(vault, sessionId, `${csv}\r\n`);

    expect(reply.json.responseStatus).toBe('SUCCESS');
    expect(reply.json.data.map((entry: { responseStatus: string }) => entry.responseStatus)).toEqual([
      'SUCCESS',
      'SUCCESS',
      'SUCCESS',
    ]);
    expect(vault.relationships()[1]).toMatchObject({
      source_doc_id__v: 549,
      relationship_type__v: 'references__c',
    });
  });

  it('answers per-row FAILUREs with errors in input order, creating the valid rows', async () => {
    await start();
    const rows = [
      row(548, 549),
      row(12345, 549),
      row(548, 550, 'based_on__v'),
      { ...row(548, 551), target_major_version__v: undefined, target_minor_version__v: undefined },
      row(548, 552),
    ];

    const reply = await postBulkJson(vault, sessionId, rows);

    expect(reply.json.responseStatus).toBe('SUCCESS');
    expect(
      reply.json.data.map((entry: { responseStatus: string; errors?: { type: string }[] }) =>
        entry.responseStatus === 'SUCCESS' ? 'SUCCESS' : entry.errors?.[0]?.type,
      ),
    ).toEqual(['SUCCESS', 'INVALID_DATA', 'OPERATION_NOT_ALLOWED', 'PARAMETER_REQUIRED', 'SUCCESS']);
    expect(reply.json.data[1].source_doc_id__v).toBe(12345);
    expect(vault.relationships().map((created) => created.target_doc_id__v)).toEqual([549, 552]);
  });

  it('answers WARNING at the top level for partial failures when so configured', async () => {
    await start({ bulkPartialFailureStatus: 'WARNING' });

    const reply = await postBulkJson(vault, sessionId, [row(548, 549), row(12345, 549)]);

    expect(reply.json.responseStatus).toBe('WARNING');
    expect(reply.json.warnings).toHaveLength(1);
    expect(reply.json.data).toHaveLength(2);
  });

  it('treats a row repeated inside one call as a duplicate (id 0 by default)', async () => {
    await start();

    const reply = await postBulkJson(vault, sessionId, [row(548, 549), row(548, 549)]);

    expect(reply.json.data.map((entry: { id: number }) => entry.id)).toEqual([1, 0]);
    expect(vault.relationships()).toHaveLength(1);
  });

  it('answers a duplicate row with a FAILURE when duplicate is "failure"', async () => {
    await start({ duplicate: 'failure' });

    const reply = await postBulkJson(vault, sessionId, [row(548, 549), row(548, 549)]);

    expect(reply.json.data[1].responseStatus).toBe('FAILURE');
    expect(reply.json.data[1].errors[0]).toMatchObject({ type: 'INVALID_DATA' });
    expect(reply.json.data[1].errors[0].message).toContain('already exists');
  });

  it('shares one store with the seed endpoint: a bulk row repeating a single create is a duplicate', async () => {
    await start();
    await postForm(vault, SEED_EXAMPLE_PATH, SEED_EXAMPLE_FORM, sessionId);
    const sameAsSeedExample = { ...row(548, 548), target_minor_version__v: 2 };

    const reply = await postBulkJson(vault, sessionId, [sameAsSeedExample]);

    expect(reply.json.data[0]).toMatchObject({ responseStatus: 'SUCCESS', id: 0 });
    expect(vault.relationships()).toHaveLength(1);
  });

  it('accepts exactly 1000 rows and refuses 1001 as a whole with FAILURE', async () => {
    await start();
    const rows = Array.from({ length: 1001 }, (_, index) =>
      row(500 + (index % 400), 548 + Math.floor(index / 400)),
    );

    const tooMany = await postBulkJson(vault, sessionId, rows);
    const atLimit = await postBulkJson(vault, sessionId, rows.slice(0, 1000));

    expect(tooMany.json.responseStatus).toBe('FAILURE');
    expect(tooMany.json.errors[0].type).toBe('INVALID_DATA');
    expect(tooMany.json.errors[0].message).toContain('1000');
    expect(atLimit.json.data).toHaveLength(1000);
    expect(vault.relationships()).toHaveLength(1000);
  });

  it('refuses a body that is not a JSON array, an unknown content type and an empty body', async () => {
    await start();

    const notArray = await postBulkJson(vault, sessionId, row(548, 549));
    const xml = await send(vault, 'POST', BULK_PATH, {
      sessionId,
      contentType: 'application/xml',
      body: '<a/>',
    });
    const empty = await send(vault, 'POST', BULK_PATH, {
      sessionId,
      contentType: 'application/json',
      body: '',
    });

    expect(notArray.json.errors[0].type).toBe('INVALID_DATA');
    expect(xml.json.errors[0].type).toBe('INVALID_DATA');
    expect(empty.json.errors[0].type).toBe('PARAMETER_REQUIRED');
  });

  it('answers a JSON row that is not an object with a per-row INVALID_DATA', async () => {
    await start();

    const reply = await postBulkJson(vault, sessionId, [row(548, 549), 42, null]);

    expect(reply.json.data.map((entry: { responseStatus: string }) => entry.responseStatus)).toEqual([
      'SUCCESS',
      'FAILURE',
      'FAILURE',
    ]);
    expect(reply.json.data[1].errors[0].type).toBe('INVALID_DATA');
  });

  it('refuses a CSV body whose rows do not match the header', async () => {
    await start();

    const reply = await postBulkCsv(
      vault,
      sessionId,
      `${CSV_HEADER}
548,0,1
`,
    );

    expect(reply.json.responseStatus).toBe('FAILURE');
    expect(reply.json.errors[0].type).toBe('INVALID_DATA');
  });

  it('requires a valid session', async () => {
    await start();

    const reply = await postBulkJson(vault, 'NOT-A-SESSION', [row(548, 549)]);

    expect(reply.json.errors[0].type).toBe('INVALID_SESSION_ID');
    expect(vault.calls().create_bulk).toBe(1);
  });
});
