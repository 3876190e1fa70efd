import { describe, expect, it } from 'vitest';
import type { FakeVault } from '../../../local/fake-vault';
import {
  fakeVaultPerTest,
  postForm,
  relationshipsPath,
  SEED_EXAMPLE_FORM,
  SEED_EXAMPLE_PATH,
} from '../../support/fake-vault-http';

describe('fake Vault seed endpoint (create one relationship)', () => {
  let vault: FakeVault;
  let sessionId: string;
  const start = fakeVaultPerTest((started) => ({ vault, sessionId } = started), { withSession: true });

  const create = (fields: Record<string, string | number>, path = SEED_EXAMPLE_PATH) =>
    postForm(vault, path, fields, sessionId);
  const errorOf = async (fields: Record<string, string | number>, path?: string) => {
    const reply = await create(fields, path);
    expect(reply.status).toBe(200);
    expect(reply.json.responseStatus).toBe('FAILURE');
    expect(vault.relationships()).toEqual([]);
    return reply.json.errors[0].type as string;
  };

  it('creates the seed page example and answers exactly as documented', async () => {
    await start();

    const reply = await create(SEED_EXAMPLE_FORM);

    expect(reply.status).toBe(200);
    expect(reply.json).toEqual({
      responseStatus: 'SUCCESS',
      responseMessage: 'Document relationship successfully created.',
      id: expect.any(Number),
    });
    expect(reply.json.id).toBeGreaterThan(0);
    expect(vault.relationships()).toEqual([
      {
        id: reply.json.id,
        vaultId: 1776,
        source_doc_id__v: 548,
        source_major_version__v: 0,
        source_minor_version__v: 1,
        target_doc_id__v: 548,
        target_major_version__v: 0,
        target_minor_version__v: 2,
        relationship_type__v: 'supporting_documents__vs',
        createdBy: 12021,
        createdAt: expect.any(String),
      },
    ]);
  });

  it('answers a duplicate with SUCCESS and id 0 by default, storing nothing new', async () => {
    await start();
    await create(SEED_EXAMPLE_FORM);

    const again = await create(SEED_EXAMPLE_FORM);

    expect(again.json).toEqual({
      responseStatus: 'SUCCESS',
      responseMessage: 'Document relationship successfully created.',
      id: 0,
    });
    expect(vault.relationships()).toHaveLength(1);
  });

  it('answers a duplicate with a FAILURE naming the existing relationship when duplicate is "failure"', async () => {
    await start({ duplicate: 'failure' });
    const first = await create(SEED_EXAMPLE_FORM);

    const again = await create(SEED_EXAMPLE_FORM);

    expect(again.status).toBe(200);
    expect(again.json.responseStatus).toBe('FAILURE');
    expect(again.json.errors[0].type).toBe('INVALID_DATA');
    expect(again.json.errors[0].message).toContain('already exists');
    expect(again.json.errors[0].message).toContain(`id ${first.json.id}`);
  });

  it('uses the configured error type for duplicate failures', async () => {
    await start({ duplicate: 'failure', duplicateErrorType: 'ITEM_NAME_EXISTS' });
    await create(SEED_EXAMPLE_FORM);

    const again = await create(SEED_EXAMPLE_FORM);

    expect(again.json.errors[0].type).toBe('ITEM_NAME_EXISTS');
  });

  it('requires a valid session', async () => {
    await start();

    const reply = await postForm(vault, SEED_EXAMPLE_PATH, SEED_EXAMPLE_FORM, 'EXPIRED');

    expect(reply.json.errors[0].type).toBe('INVALID_SESSION_ID');
  });

  it('rejects an unknown source document with INVALID_DATA', async () => {
    await start();

    expect(await errorOf(SEED_EXAMPLE_FORM, relationshipsPath(12345, 0, 1))).toBe('INVALID_DATA');
  });

  it('rejects a source version that does not exist with INVALID_DATA', async () => {
    await start();

    expect(await errorOf(SEED_EXAMPLE_FORM, relationshipsPath(548, 9, 9))).toBe('INVALID_DATA');
  });

  it('rejects an unknown target document with INVALID_DATA', async () => {
    await start();

    expect(await errorOf({ ...SEED_EXAMPLE_FORM, target_doc_id__v: 99999 })).toBe('INVALID_DATA');
  });

  it('rejects an unknown relationship type with INVALID_DATA', async () => {
    await start();

    expect(await errorOf({ ...SEED_EXAMPLE_FORM, relationship_type__v: 'no_such_type__c' })).toBe(
      'INVALID_DATA',
    );
  });

  it.each(['based_on__v', 'original_source__v', 'attachments__v'])(
    'refuses the standard type %s with OPERATION_NOT_ALLOWED',
    async (type) => {
      await start();

      expect(await errorOf({ ...SEED_EXAMPLE_FORM, relationship_type__v: type })).toBe(
        'OPERATION_NOT_ALLOWED',
      );
    },
  );

  it('requires target versions for a target-version-specific type (PARAMETER_REQUIRED)', async () => {
    await start();

    const type = await errorOf({ target_doc_id__v: 549, relationship_type__v: 'supporting_documents__vs' });

    expect(type).toBe('PARAMETER_REQUIRED');
  });

  it('requires both target versions when one is given', async () => {
    await start();

    const type = await errorOf({
      target_doc_id__v: 549,
      relationship_type__v: 'references__c',
      target_major_version__v: 0,
    });

    expect(type).toBe('PARAMETER_REQUIRED');
  });

  it('requires target_doc_id__v and relationship_type__v', async () => {
    await start();

    expect(await errorOf({ relationship_type__v: 'references__c' })).toBe('PARAMETER_REQUIRED');
    expect(await errorOf({ target_doc_id__v: 549 })).toBe('PARAMETER_REQUIRED');
  });

  it('rejects a target version that does not exist with INVALID_DATA', async () => {
    await start();

    expect(await errorOf({ ...SEED_EXAMPLE_FORM, target_major_version__v: 7 })).toBe('INVALID_DATA');
  });

  it('rejects non-numeric path parts with MALFORMED_URL', async () => {
    await start();

    expect(await errorOf(SEED_EXAMPLE_FORM, relationshipsPath('abc', 0, 1))).toBe('MALFORMED_URL');
    expect(await errorOf(SEED_EXAMPLE_FORM, relationshipsPath(548, '0x1', 1))).toBe('MALFORMED_URL');
    expect(await errorOf(SEED_EXAMPLE_FORM, relationshipsPath(548, 0, '1e0'))).toBe('MALFORMED_URL');
  });

  it('rejects a non-numeric target document id with INVALID_DATA', async () => {
    await start();

    expect(await errorOf({ ...SEED_EXAMPLE_FORM, target_doc_id__v: '549abc' })).toBe('INVALID_DATA');
  });

  it('creates a plain type without target versions, and treats a repeat with versions as the same link', async () => {
    await start();
    const plain = { target_doc_id__v: 549, relationship_type__v: 'references__c' };

    const created = await create(plain);
    const withVersions = await create({ ...plain, target_major_version__v: 0, target_minor_version__v: 2 });

    expect(created.json.id).toBeGreaterThan(0);
    expect(withVersions.json.id).toBe(0);
    expect(vault.relationships()[0]).not.toHaveProperty('target_major_version__v');
  });

  it('counts calls per route', async () => {
    await start();

    await create(SEED_EXAMPLE_FORM);
    await create(SEED_EXAMPLE_FORM);

    expect(vault.calls()).toMatchObject({ auth: 1, create_single: 2 });
  });
});
