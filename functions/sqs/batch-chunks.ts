/** SQS batch actions take at most this many entries. */
const SQS_BATCH_LIMIT = 10;
/**
 * SendMessageBatch refuses a call whose entries add up to more than the message size limit
 * (256 KiB for most of SQS's life; 1 MiB since 2025). The older, smaller figure is kept so a batch
 * of large dead letters is split rather than refused whole, on every region and emulator.
 */
const SQS_BATCH_PAYLOAD_BYTES = 256 * 1024;

/**
 * Splits items, in order, into chunks of at most `maxCount` items and at most `maxBytes` by
 * `sizeOf`. An item larger than `maxBytes` travels alone (SQS then judges it, not this function).
 */
export const chunkForBatch = <T>(
  items: readonly T[],
  sizeOf: (item: T) => number = () => 0,
  { maxCount = SQS_BATCH_LIMIT, maxBytes = SQS_BATCH_PAYLOAD_BYTES } = {},
): T[][] => {
  const chunks: T[][] = [];
  let current: T[] = [];
  let bytes = 0;
  for (const item of items) {
    const size = sizeOf(item);
    if (current.length > 0 && (current.length >= maxCount || bytes + size > maxBytes)) {
      chunks.push(current);
      current = [];
      bytes = 0;
    }
    current.push(item);
    bytes += size;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
};
