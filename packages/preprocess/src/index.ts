/**
 * `@initlab/preprocess`: scikit-learn-exact train/test splits (NumPy `RandomState` row for row),
 * `StandardScaler`, `MinMaxScaler`, the image scalings `PixelScaler` and `GlobalStandardScaler`, a regression
 * `TargetScaler`, `LabelEncoder` and `oneHot`. The splits and scalers take `@initlab/matrix`'s typed matrix
 * (and give one back) as well as rows of numbers.
 *
 * @packageDocumentation
 */
export { PreprocessError, type PreprocessErrorCode } from './errors.js';
export { splitSizes, DEFAULT_TEST_SIZE, SPLIT_SIZE_OPTIONS, type SplitSizes, type SplitSizeOptions } from './split-sizes.js';
export {
  trainTestSplitIndices,
  trainTestSplit,
  SPLIT_OPTIONS,
  type SplitOptions,
  type SplitIndices,
  type TrainTestSplit,
  type MatrixTrainTestSplit,
} from './split.js';
export { type MatrixLike, type Float32Matrix, type ScalerInput } from './matrix.js';
export {
  StandardScaler,
  STANDARD_SCALER_OPTIONS,
  STANDARD_SCALER_FIT_OPTIONS,
  type StandardScalerOptions,
  type StandardScalerFitOptions,
  type StandardScalerState,
  type StandardScalerJSON,
} from './standard-scaler.js';
export { MinMaxScaler, MINMAX_SCALER_OPTIONS, type MinMaxScalerOptions, type MinMaxScalerState, type MinMaxScalerJSON } from './minmax-scaler.js';
export {
  GlobalStandardScaler,
  PixelScaler,
  PIXEL_SCALER_OPTIONS,
  type GlobalStandardScalerJSON,
  type PixelScalerJSON,
  type PixelScalerOptions,
} from './image-scalers.js';
export { TargetScaler, type TargetScalerJSON } from './target-scaler.js';
export { LabelEncoder, type Label, type LabelEncoderJSON } from './label-encoder.js';
export { oneHot, oneHotMatrix, toCategorical, type LabelArray, type OneHotArray } from './one-hot.js';
