export { DEFAULT_RELATIONSHIP_TYPES, defaultSeed } from './default-seed';
export { DEFAULT_API_VERSIONS, DEFAULT_USER, DEFAULT_VAULTS } from './options';
export { InvalidSeedError, parseSeed, readSeedFile, type Seed, type SeedDocument } from './seed-schema';
export { startFakeVault } from './server';
export {
  type BurstState,
  type CreatedRelationship,
  FAULT_KINDS,
  type FakeVault,
  type FakeVaultDefinition,
  type FakeVaultOptions,
  type FakeVaultUser,
  type FaultKind,
  type InjectedFault,
  type RouteKey,
} from './types';
