import { beforeEach, describe, expect, it } from 'vitest';
import type { FakeVault } from '../../../local/fake-vault';
import {
  API,
  fakeVaultPerTest,
  postBulkJson,
  postForm,
  relationshipsPath,
  SEED_EXAMPLE_FORM,
  SEED_EXAMPLE_PATH,
  send,
} from '../../support/fake-vault-http';

describe('fake Vault retrieve, delete and relationship-type metadata', () => {
  let vault: FakeVault;
  let sessionId: string;
  const start = fakeVaultPerTest((started) => ({ vault, sessionId } = started), { withSession: true });
  beforeEach(() => start());

  it('retrieves the relationships of a source document version, created by either endpoint', async () => {
    const single = await postForm(vault, SEED_EXAMPLE_PATH, SEED_EXAMPLE_FORM, sessionId);
    await postBulkJson(vault, sessionId, [
      {
        source_doc_id__v: 548,
        source_major_version__v: 0,
        source_minor_version__v: 1,
        target_doc_id__v: 549,
        relationship_type__v: 'references__c',
      },
    ]);

    const reply = await send(vault, 'GET', relationshipsPath(548, 0, 1), { sessionId });

    expect(reply.json.responseStatus).toBe('SUCCESS');
    expect(reply.json.relationships).toEqual([
      {
        relationship: {
          id: single.json.id,
          source_doc_id__v: 548,
          source_major_version__v: 0,
          source_minor_version__v: 1,
          relationship_type__v: 'supporting_documents__vs',
          target_doc_id__v: 548,
          target_major_version__v: 0,
          target_minor_version__v: 2,
          created_by__v: 12021,
          created_date__v: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
        },
      },
      {
        relationship: expect.objectContaining({
          relationship_type__v: 'references__c',
          target_doc_id__v: 549,
          target_major_version__v: null,
        }),
      },
    ]);
    expect(vault.calls().retrieve).toBe(1);
  });

  it('retrieves an empty list for a version without relationships', async () => {
    const reply = await send(vault, 'GET', relationshipsPath(549, 0, 2), { sessionId });

    expect(reply.json).toMatchObject({ responseStatus: 'SUCCESS', relationships: [] });
  });

  it('answers INVALID_DATA for an unknown document or version and MALFORMED_URL for a non-numeric one', async () => {
    const unknownDoc = await send(vault, 'GET', relationshipsPath(4, 0, 1), { sessionId });
    const unknownVersion = await send(vault, 'GET', relationshipsPath(548, 5, 0), { sessionId });
    const nonNumeric = await send(vault, 'GET', relationshipsPath(548, 'zero', 1), { sessionId });

    expect(unknownDoc.json.errors[0].type).toBe('INVALID_DATA');
    expect(unknownVersion.json.errors[0].type).toBe('INVALID_DATA');
    expect(nonNumeric.json.errors[0].type).toBe('MALFORMED_URL');
  });

  it('deletes a relationship by id, after which re-creating it gets a new id', async () => {
    const created = await postForm(vault, SEED_EXAMPLE_PATH, SEED_EXAMPLE_FORM, sessionId);

    const deleted = await send(vault, 'DELETE', `${SEED_EXAMPLE_PATH}/${created.json.id}`, { sessionId });
    const again = await postForm(vault, SEED_EXAMPLE_PATH, SEED_EXAMPLE_FORM, sessionId);
    const missing = await send(vault, 'DELETE', `${SEED_EXAMPLE_PATH}/999`, { sessionId });

    expect(deleted.json).toMatchObject({ responseStatus: 'SUCCESS', id: created.json.id });
    expect(again.json.id).toBeGreaterThan(created.json.id);
    expect(missing.json.errors[0].type).toBe('INVALID_DATA');
    expect(vault.relationships()).toHaveLength(1);
  });

  it('describes relationship types: version specificity, system (standard) and single-use flags', async () => {
    const reply = await send(
      vault,
      'GET',
      `${API}/metadata/objects/documents/types/promotional_piece__c/relationships`,
      {
        sessionId,
      },
    );

    expect(reply.json.responseStatus).toBe('SUCCESS');
    const byValue = Object.fromEntries(
      reply.json.relationshipTypes.map((type: { value: string }) => [type.value, type]),
    );
    expect(byValue.supporting_documents__vs).toEqual({
      value: 'supporting_documents__vs',
      label: 'Supporting Documents',
      sourceDocVersionSpecific: true,
      targetDocVersionSpecific: true,
      system: false,
      singleUse: false,
    });
    expect(byValue.references__c).toMatchObject({ targetDocVersionSpecific: false, system: false });
    expect(byValue.based_on__v).toMatchObject({ system: true });
    expect(byValue.original_source__v).toMatchObject({ system: true });
    expect(byValue.attachments__v).toMatchObject({ system: true });
    expect(vault.calls().metadata).toBe(1);
  });

  it('answers metadata for base_document__v and INVALID_DATA for an unknown document type', async () => {
    const base = await send(
      vault,
      'GET',
      `${API}/metadata/objects/documents/types/base_document__v/relationships`,
      {
        sessionId,
      },
    );
    const unknown = await send(
      vault,
      'GET',
      `${API}/metadata/objects/documents/types/nope__c/relationships`,
      {
        sessionId,
      },
    );

    expect(base.json.responseStatus).toBe('SUCCESS');
    expect(unknown.json.errors[0].type).toBe('INVALID_DATA');
  });
});
