import { holdoutBucket, isHeldOut } from './holdout';

describe('holdout assignment', () => {
  it('is stable for the same rule, customer and occasion', () => {
    expect(holdoutBucket(3, 42, 'birthday:2027')).toBe(holdoutBucket(3, 42, 'birthday:2027'));
    expect(isHeldOut(3, 42, 'birthday:2027', 10)).toBe(isHeldOut(3, 42, 'birthday:2027', 10));
  });

  it('keeps back about the share asked for, and nobody at 0 %', () => {
    let held = 0;
    for (let c = 1; c <= 20_000; c++) if (isHeldOut(1, c, 'birthday:2027', 10)) held++;
    expect(held / 20_000).toBeGreaterThan(0.09);
    expect(held / 20_000).toBeLessThan(0.11);
    for (let c = 1; c <= 1000; c++) expect(isHeldOut(1, c, 'birthday:2027', 0)).toBe(false);
  });
});
