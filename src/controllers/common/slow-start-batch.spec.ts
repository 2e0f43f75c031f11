import { slowStartBatch } from 'src/controllers/common/slow-start-batch';

describe('slowStartBatch', () => {
  it.each([
    [0, 100, 0, [], false],
    [1, 100, 1, [1], false],
    [7, 100, 7, [1, 2, 4], false],
    [10, 100, 10, [1, 2, 4, 3], false],
    [10, 2, 2, [1, 2], true],
    [10, 0, 0, [1], true],
  ])('%d calls, %d succeeding: %d successes in batches %j', async (count, okCalls, successes, batches, failed) => {
    const sizes: number[] = [];
    let inBatch = 0;
    let calls = 0;
    const result = await slowStartBatch(Array<number>(count).fill(0), async () => {
      if (inBatch === 0) {
        queueMicrotask(() => {
          sizes.push(inBatch);
          inBatch = 0;
        });
      }
      inBatch++;
      if (++calls > okCalls) {
        throw new Error('no');
      }
    });
    expect(result.successes).toBe(successes);
    expect(result.errors.length > 0).toBe(failed);
    expect(sizes).toEqual(batches);
  });
});
