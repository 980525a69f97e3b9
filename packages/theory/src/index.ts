export { TheoryError, THEORY_ERROR_KINDS, type TheoryErrorCode } from './errors.js';
export {
  erf,
  erfc,
  gaussHermite,
  gaussLegendre,
  gaussHermiteExpectation,
  gaussHermiteExpectation2,
  gaussianExpectation,
  gaussianExpectation2,
  type QuadratureRule,
} from './quadrature.js';
export {
  THEORY_ACTIVATION_NAMES,
  SELU_ALPHA,
  SELU_SCALE,
  resolveActivation,
  type Activation,
  type ActivationInput,
  type CustomActivation,
  type TheoryActivationName,
} from './activations.js';
export {
  MEAN_FIELD_PARAM_KEYS,
  LENGTH_FIXED_POINT_OPTION_KEYS,
  CRITICAL_OPTION_KEYS,
  CRITICAL_TOLERANCE,
  PHASES,
  bivariateExpectation,
  lengthMap,
  lengthFixedPoint,
  correlationMap,
  correlationFixedPoint,
  criticalSigmaW2,
  findRoot,
  meanField,
  type MeanFieldParams,
  type MeanFieldResult,
  type Phase,
} from './meanfield.js';
export {
  PROPAGATE_OPTION_KEYS,
  PROPAGATE_PAIR_OPTION_KEYS,
  propagate,
  propagatePair,
  sigmaW2FromVariance,
  type PropagateOptions,
  type PropagatePairOptions,
} from './propagate.js';
export { SELU_OPTION_KEYS, seluFixedPoint, seluMoments, type SeluFixedPoint, type SeluWeightOptions } from './selu.js';
export {
  JACOBIAN_MOMENT_OPTION_KEYS,
  JACOBIAN_WEIGHT_ENSEMBLES,
  NETWORK_JACOBIAN_OPTION_KEYS,
  networkJacobian,
  predictedJacobianMoments,
  singularValues,
  symmetricEigenvalues,
  type JacobianWeightEnsemble,
  type NetworkAtInput,
} from './jacobian.js';
export { LANCZOS_SPECTRUM_OPTION_KEYS, jacobianOperator, lanczosSpectrum, type LinearOperator, type SpectrumEstimate } from './lanczos.js';
