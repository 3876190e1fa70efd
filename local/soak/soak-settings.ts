import { FAULT_KINDS, type FaultKind } from '../fake-vault';

/**
 * Every knob of a soak run. Defaults are sized for this project's 2-core box: short timeouts and
 * compressed back-off so 10,000 messages with ~20 % Vault faults finish in minutes, not hours.
 */
export interface SoakSettings {
  messages: number;
  seed: number;
  pollers: number;
  /** Share of Vault requests (except /auth) that get a random fault, of every kind the fake knows. */
  faultRate: number;
  /** Fault kinds drawn at random; every kind the fake knows unless narrowed (to isolate a finding). */
  faultKinds: FaultKind[];
  invalidShare: number;
  unknownDocumentShare: number;
  /** Share of DLQ send calls that throw, and of the remaining batch entries reported as Failed. */
  dlqCallRefusalRate: number;
  dlqEntryRefusalRate: number;
  /** Share of invocations abandoned mid-batch, and how late in the invocation that may happen. */
  crashRate: number;
  crashMaxDelayMs: number;
  /** Password rotations, spread evenly over the run (after 1/(n+1), 2/(n+1), ... of the messages settle). */
  rotations: number;
  maxAttempts: number;
  batchSize: number;
  batchingWindowMs: number;
  visibilityTimeoutSeconds: number;
  functionTimeoutMs: number;
  vaultTimeoutMs: number;
  safetyMarginMs: number;
  /**
   * The soak's time scale: the relay's retry back-off (its ChangeMessageVisibility calls) is divided
   * by it, and Vault's burst window and the relay's pacer run this much faster (10: 30 s → 3 s, 5 min → 30 s).
   */
  backoffCompression: number;
  vaultLatencyMs: number;
  faultLatencyMs: number;
  /**
   * Calls per (shortened) burst window before the fake Vault delays its answers: Vault's historical
   * 2,000. Lower it (--burst-limit 300) to make the relay's pacers meet their reserve.
   */
  burstLimit: number;
  burstDelayMs: number;
  /** The run gives up (and reports what is unaccounted) after this long. */
  timeoutMs: number;
  /** Where to append every captured log line (optional). */
  logFile?: string;
}

export const DEFAULT_SOAK_SETTINGS: SoakSettings = {
  messages: 10_000,
  seed: 7,
  pollers: 4,
  faultRate: 0.2,
  faultKinds: [...FAULT_KINDS],
  invalidShare: 0.05,
  unknownDocumentShare: 0.05,
  dlqCallRefusalRate: 0.05,
  dlqEntryRefusalRate: 0.1,
  crashRate: 0.03,
  crashMaxDelayMs: 40,
  rotations: 1,
  maxAttempts: 5,
  batchSize: 10,
  batchingWindowMs: 100,
  visibilityTimeoutSeconds: 6,
  functionTimeoutMs: 5_000,
  vaultTimeoutMs: 1_000,
  safetyMarginMs: 500,
  backoffCompression: 10,
  vaultLatencyMs: 2,
  faultLatencyMs: 300,
  burstLimit: 2000,
  burstDelayMs: 200,
  timeoutMs: 30 * 60_000,
};
