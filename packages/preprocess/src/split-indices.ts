// Its own module so that split.ts and stratify.ts both use it without importing each other.
/** Row indices of a split, in scikit-learn's order. */
export interface SplitIndices {
  /** Indices of the training rows. */
  train: number[];
  /** Indices of the test rows. */
  test: number[];
}
