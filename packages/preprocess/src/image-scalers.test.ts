import { describe, expect, it } from 'vitest';
import { GlobalStandardScaler, PixelScaler } from './image-scalers.js';

describe('PixelScaler', () => {
  it("divides by 255 as Keras's x / 255 does, and keeps float32 rows float32", () => {
    expect(new PixelScaler().fitTransform([[0, 51, 255]])).toEqual([[0, 0.2, 1]]);
    const f32 = new PixelScaler().fitTransform([Float32Array.from([0, 3, 255])]) as Float32Array[];
    expect(f32[0]).toBeInstanceOf(Float32Array);
    expect(Array.from(f32[0]!)).toEqual([0, Math.fround(3 / 255), 1]);
    expect(new PixelScaler({ maxValue: 16 }).fitTransform([[8, 16]])).toEqual([[0.5, 1]]);
  });

  it('round-trips through JSON and back to pixel values', () => {
    const s = new PixelScaler({ maxValue: 16 }).fit([[0, 16]]);
    const back = PixelScaler.fromJSON(JSON.parse(JSON.stringify(s)));
    expect(back.maxValue).toBe(16);
    expect(back.inverseTransform(back.transform([[4, 12]]))).toEqual([[4, 12]]);
  });

  it('refuses values that are not pixels of that depth, bad options and unknown keys', () => {
    expect(() => new PixelScaler().fit([[0, 300]])).toThrow(
      'PixelScaler.fit: pixel values must lie in [0, 255], got 300 at X[0][1]; set maxValue to the images\' depth, or scale the features with standard',
    );
    expect(() => new PixelScaler({ maxValue: 0 })).toThrow('PixelScaler: maxValue must be a finite number > 0, got 0');
    expect(() => new PixelScaler({ max: 16 } as never)).toThrow('PixelScaler: unknown option "max"');
    expect(() => new PixelScaler().transform([[1]])).toThrow(/not fitted yet/);
    expect(() => new PixelScaler().fit([[1, 2]]).transform([[1]])).toThrow(/must have 2 features per row/);
  });
});

describe('GlobalStandardScaler', () => {
  it('uses one mean and population std over every training value', () => {
    const s = new GlobalStandardScaler().fit([[0, 2], [4, 6]]);
    expect(s.mean).toBe(3);
    expect(s.std).toBeCloseTo(Math.sqrt(5), 15);
    const out = s.transform([[3, 3 + Math.sqrt(5)]]) as number[][];
    expect(out[0]![0]).toBe(0);
    expect(out[0]![1]).toBeCloseTo(1, 15);
    // Columns keep their relative levels: a constant border column does not become 0/0.
    const image = new GlobalStandardScaler().fitTransform([[0, 10], [0, 20]]) as number[][];
    expect(image[0]![0]).toBe(image[1]![0]);
    expect(Number.isFinite(image[0]![0]!)).toBe(true);
  });

  it('gives a constant set scale 1, round-trips through JSON, and refuses NaN', () => {
    const constant = new GlobalStandardScaler().fit([[5, 5]]);
    expect([constant.std, constant.scale]).toEqual([0, 1]);
    const s = new GlobalStandardScaler().fit([[1, 2], [3, 4]]);
    const back = GlobalStandardScaler.fromJSON(JSON.parse(JSON.stringify(s)));
    expect(back.toJSON()).toEqual(s.toJSON());
    expect((back.inverseTransform(back.transform([[1, 4]])) as number[][])[0]![1]).toBeCloseTo(4, 14);
    expect(() => new GlobalStandardScaler().fit([[1, Number.NaN]])).toThrow('GlobalStandardScaler.fit: X[0][1] is NaN');
    expect(() => GlobalStandardScaler.fromJSON({ type: 'GlobalStandardScaler', fitted: { nFeatures: 1, mean: 0, std: 1, scale: 0 } })).toThrow(/fitted.scale > 0/);
  });
});
