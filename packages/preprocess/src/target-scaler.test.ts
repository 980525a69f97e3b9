import { describe, expect, it } from 'vitest';
import { StandardScaler } from './standard-scaler.js';
import { TargetScaler } from './target-scaler.js';

describe('TargetScaler', () => {
  const y = [504000, 453600, 728700, 701400, 760200, 602700];

  it('is a StandardScaler on the one-column matrix', () => {
    const target = new TargetScaler().fit(y);
    const column = new StandardScaler().fit(y.map((v) => [v]));
    expect(target.mean).toBe(column.mean?.[0]);
    expect(target.var).toBe(column.var?.[0]);
    expect(target.scale).toBe(column.scale?.[0]);
    expect(target.transform(y)).toEqual(column.transform(y.map((v) => [v])).map((r) => r[0]));
  });

  it('inverseTransform brings predictions back to the original units', () => {
    const target = new TargetScaler();
    const z = target.fitTransform(y);
    target.inverseTransform(z).forEach((v, i) => expect(v).toBeCloseTo(y[i] as number, 6));
    expect(target.inverseTransform([0])).toEqual([target.mean]);
    expect(target.inverseTransform([1])[0]).toBeCloseTo((target.mean as number) + (target.scale as number), 6);
  });

  it('round-trips through JSON and refuses use before fit', () => {
    const target = new TargetScaler().fit(y);
    const copy = TargetScaler.fromJSON(JSON.parse(JSON.stringify(target)));
    expect(copy.transform([600000])).toEqual(target.transform([600000]));
    expect(() => new TargetScaler().transform([1])).toThrowErrorMatchingInlineSnapshot(
      `[PreprocessError: StandardScaler.transform: the scaler is not fitted yet; call fit(X), partialFit(X) or fitTransform(X) first]`,
    );
    const twoColumns = { type: 'TargetScaler', scaler: new StandardScaler().fit([[1, 2], [3, 4]]).toJSON() };
    expect(() => TargetScaler.fromJSON(twoColumns)).toThrowErrorMatchingInlineSnapshot(
      `[PreprocessError: TargetScaler.fromJSON: the saved scaler must have 1 column, got 2]`,
    );
  });
});
