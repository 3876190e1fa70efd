import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  defaultSeed,
  type FakeVault,
  InvalidSeedError,
  parseSeed,
  readSeedFile,
  type Seed,
  startFakeVault,
} from '../../../local/fake-vault';
import { postForm, relationshipsPath, SEED_EXAMPLE_FORM, sessionFor } from '../../support/fake-vault-http';

describe('fake Vault seed', () => {
  let vault: FakeVault | undefined;
  let directory: string | undefined;
  afterEach(async () => {
    await vault?.stop();
    vault = undefined;
    if (directory) await rm(directory, { recursive: true, force: true });
    directory = undefined;
  });

  it('default seed: 400 documents 500-899 with several versions, 548/549 having v0.1 and v0.2', () => {
    const seed = defaultSeed();

    const ids = seed.documents.map((document) => document.id);
    expect(ids).toHaveLength(400);
    expect(Math.min(...ids)).toBe(500);
    expect(Math.max(...ids)).toBe(899);
    expect(seed.documents.every((document) => document.versions.length >= 2)).toBe(true);
    for (const id of [548, 549]) {
      expect(seed.documents.find((document) => document.id === id)?.versions).toEqual(
        expect.arrayContaining([
          [0, 1],
          [0, 2],
        ]),
      );
    }
    expect(new Set(seed.documents.map((document) => document.type)).size).toBeGreaterThan(2);
  });

  it('default seed: version-specific, plain, custom and standard relationship types', () => {
    const types = Object.fromEntries(defaultSeed().relationshipTypes.map((type) => [type.value, type]));

    expect(types.supporting_documents__vs).toMatchObject({ targetDocVersionSpecific: true, system: false });
    expect(types.references__c).toMatchObject({ targetDocVersionSpecific: false, system: false });
    expect(types.based_on__v).toMatchObject({ system: true });
    expect(types.original_source__v).toMatchObject({ system: true });
    expect(types.attachments__v).toMatchObject({ system: true });
    const creatable = Object.values(types).filter((type) => !type.system);
    expect(creatable.filter((type) => type.targetDocVersionSpecific).length).toBeGreaterThan(1);
    expect(creatable.filter((type) => !type.targetDocVersionSpecific).length).toBeGreaterThan(1);
  });

  it('default seed is the same on every call', () => {
    expect(defaultSeed()).toEqual(defaultSeed());
  });

  it('serves a custom seed instead of the default one', async () => {
    const seed: Seed = {
      documents: [
        { id: 1, versions: [[0, 1]] },
        { id: 2, type: 'claim__c', versions: [[1, 0]] },
      ],
      relationshipTypes: [{ value: 'cites__c', label: 'Cites', targetDocVersionSpecific: false }],
    };
    vault = await startFakeVault({ seed });
    const sessionId = await sessionFor(vault);

    const created = await postForm(
      vault,
      relationshipsPath(1, 0, 1),
      { target_doc_id__v: 2, relationship_type__v: 'cites__c' },
      sessionId,
    );
    const seedPageExample = await postForm(vault, relationshipsPath(548, 0, 1), SEED_EXAMPLE_FORM, sessionId);

    expect(created.json.responseStatus).toBe('SUCCESS');
    expect(seedPageExample.json.errors[0].type).toBe('INVALID_DATA');
  });

  it('rejects a bad seed with every problem and its path', () => {
    const bad = {
      documents: [
        { id: 1, versions: [[0, -1]] },
        { id: 1, versions: [[0, 1]] },
      ],
      relationshipTypes: [{ value: 'Not A Name', label: 'x', targetDocVersionSpecific: 'yes' }],
    };

    const attempt = () => parseSeed(bad, 'my-seed.json');

    expect(attempt).toThrow(InvalidSeedError);
    expect(attempt).toThrow(/my-seed\.json is not a valid seed/);
    expect(attempt).toThrow(/documents\[0\]\.versions/);
    expect(attempt).toThrow(/relationshipTypes\[0\]\.value/);
    expect(attempt).toThrow(/targetDocVersionSpecific/);
  });

  it('refuses a bad seed passed as an option before listening', async () => {
    await expect(startFakeVault({ seed: { documents: [], relationshipTypes: [] } })).rejects.toThrow(
      /options\.seed is not a valid seed/,
    );
  });

  it('reads a seed file and names the file when it is not JSON', async () => {
    directory = await mkdtemp(join(tmpdir(), 'fake-vault-seed-'));
    const good = join(directory, 'good.json');
    const broken = join(directory, 'broken.json');
    await writeFile(good, JSON.stringify(defaultSeed()));
    await writeFile(broken, '{ documents: ');

    const seed = await readSeedFile(good);

    expect(seed.documents).toHaveLength(400);
    await expect(readSeedFile(broken)).rejects.toThrow(/broken\.json is not JSON/);
  });
});
