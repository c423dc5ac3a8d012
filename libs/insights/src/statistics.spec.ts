import { newcombeDifference, studentTQuantile, welchDifference, wilsonInterval, Z_95 } from './statistics';

describe('statistics', () => {
  it('z for 95 % is 1.96', () => {
    expect(Z_95).toBeCloseTo(1.959964, 5);
  });

  it('Student t quantiles match the printed tables', () => {
    expect(studentTQuantile(0.975, 1)).toBeCloseTo(12.7062, 3);
    expect(studentTQuantile(0.975, 2)).toBeCloseTo(4.3027, 3);
    expect(studentTQuantile(0.975, 10)).toBeCloseTo(2.2281, 3);
    expect(studentTQuantile(0.975, 30)).toBeCloseTo(2.0423, 3);
    expect(studentTQuantile(0.975, 120)).toBeCloseTo(1.9799, 3);
    expect(studentTQuantile(0.95, 5)).toBeCloseTo(2.015, 3);
    expect(studentTQuantile(0.025, 10)).toBeCloseTo(-2.2281, 3);
    expect(studentTQuantile(0.975, Infinity)).toBeCloseTo(1.96, 2);
  });

  it('Wilson interval for 40/100 and the edges 0/n and n/n', () => {
    const w = wilsonInterval(40, 100);
    expect(w.low).toBeCloseTo(0.3094, 4);
    expect(w.high).toBeCloseTo(0.498, 4);
    expect(wilsonInterval(0, 10).low).toBe(0);
    expect(wilsonInterval(0, 10).high).toBeCloseTo(0.2775, 4);
    expect(wilsonInterval(10, 10).high).toBeCloseTo(1, 10);
  });

  it("Newcombe's hybrid score interval reproduces his 1998 worked examples", () => {
    // Newcombe, Statistics in Medicine 17:873–890, Table II, method 10
    const a = newcombeDifference(56, 70, 48, 80);
    expect(a.difference).toBeCloseTo(0.2, 10);
    expect(a.low).toBeCloseTo(0.0524, 4);
    expect(a.high).toBeCloseTo(0.3339, 4);
    const b = newcombeDifference(9, 10, 3, 10);
    expect(b.low).toBeCloseTo(0.1705, 4);
    expect(b.high).toBeCloseTo(0.809, 3);
  });

  it("Welch's interval from sums and sums of squares", () => {
    // group a = 1,2,3,4,5 (mean 3, s² 2.5); group b = 2,4,6,8,10 (mean 6, s² 10)
    const r = welchDifference({ n: 5, sum: 15, sumOfSquares: 55 }, { n: 5, sum: 30, sumOfSquares: 220 });
    expect(r.difference).toBe(-3);
    expect(r.df).toBeCloseTo(6.25 / 1.0625, 6); // 5.882
    const se = Math.sqrt(2.5);
    const t = studentTQuantile(0.975, 6.25 / 1.0625);
    expect(t).toBeGreaterThan(2.36); // between t(0.975, 6) = 2.447 and t(0.975, 5) = 2.571
    expect(t).toBeLessThan(2.571);
    expect(t).toBeGreaterThan(2.447);
    expect(r.low).toBeCloseTo(-3 - t * se, 10);
    expect(r.high).toBeCloseTo(-3 + t * se, 10);
  });

  it('Welch with no spread or too few values', () => {
    expect(
      welchDifference({ n: 3, sum: 3, sumOfSquares: 3 }, { n: 3, sum: 0, sumOfSquares: 0 }),
    ).toMatchObject({ difference: 1, low: 1, high: 1 });
    expect(welchDifference({ n: 1, sum: 3, sumOfSquares: 9 }, { n: 3, sum: 0, sumOfSquares: 0 }).low).toBe(
      -Infinity,
    );
  });
});
