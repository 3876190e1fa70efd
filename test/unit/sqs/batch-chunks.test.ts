import { describe, expect, it } from 'vitest';
import { chunkForBatch } from '../../../functions/sqs/batch-chunks';

describe('chunkForBatch', () => {
  it('cuts every ten items, keeping order', () => {
    const items = Array.from({ length: 23 }, (_, index) => index);

    const chunks = chunkForBatch(items);

    expect(chunks.map((chunk) => chunk.length)).toEqual([10, 10, 3]);
    expect(chunks.flat()).toEqual(items);
  });

  it('cuts earlier when the sizes would exceed the payload limit, and lets an oversized item travel alone', () => {
    const sizes = [40, 40, 30, 150, 10];

    const chunks = chunkForBatch(sizes, (size) => size, { maxBytes: 100 });

    expect(chunks).toEqual([[40, 40], [30], [150], [10]]);
  });

  it('returns nothing for nothing', () => {
    const chunks = chunkForBatch([]);

    expect(chunks).toEqual([]);
  });
});
