/**
 * `@initlab/models`: dense networks on tfjs-core with explicit backpropagation, Keras-exact
 * optimizers, batched ensembles, per-layer diagnostics and LSUV.
 *
 * @packageDocumentation
 */
export { ModelsError, type ModelsErrorCode } from './errors.js';
export {
  ACTIVATION_NAMES,
  CLIP_PARAMETERS,
  HIDDEN_ACTIVATION_NAMES,
  LOSS_NAMES,
  LSUV_DEFAULTS,
  LSUV_PARAMETERS,
  OPTIMIZER_DEFAULTS,
  OPTIMIZER_NAMES,
  OPTIMIZER_OPTIONAL_PARAMETERS,
  OPTIMIZER_PARAMETERS,
  lsuvParameterRule,
  type LsuvParameter,
  type OptimizerOptionalParameter,
} from './names.js';
export {
  DENSE_LAYER_KEYS,
  MODEL_SPEC_KEYS,
  resolveNetwork,
  validateModelSpec,
  type ActivationName,
  type ActivationSpec,
  type DenseLayerSpec,
  type LossName,
  type ModelSpec,
} from './spec.js';
export {
  LAYER_TYPES,
  NORM_CONVENTIONS,
  NORM_DEFAULTS,
  type ActivationLayerSpec,
  type BatchNormLayerSpec,
  type DropoutLayerSpec,
  type HiddenLayerSpec,
  type LayerNormLayerSpec,
  type LayerType,
  type NormConvention,
  type ResidualBlockSpec,
  type ResolvedNetwork,
} from './network-spec.js';
export { RESIDUAL_NORMS, residualStack, type ResidualNorm, type ResidualStackOptions } from './residual-stack.js';
export {
  ARCHITECTURE_INITS,
  ARCHITECTURE_INIT_BASE,
  ARCHITECTURE_INIT_DOCS,
  checkArchitectureInit,
  isArchitectureInit,
  type ArchitectureInitDoc,
  type ArchitectureInitName,
} from './architecture-init.js';
export {
  resolveOptimizer,
  type AdamSpec,
  type ClipOptions,
  type WeightDecayOption,
  type OptimizerName,
  type OptimizerSpec,
  type ResolvedOptimizer,
  type RmspropSpec,
  type SgdSpec,
} from './optimizers.js';
export { TRAINING_DATA_KEYS, type Matrix, type Targets, type TrainingData } from './data.js';
export { weightsFromJSON, weightsToJSON, type ExtraWeights, type LayerWeights, type LayerWeightsJSON } from './weights.js';
export { ENSEMBLE_MEMBER_KEYS, initialParameters, initialWeights, type EnsembleMember, type LsuvSpec } from './members.js';
export {
  TRAIN_OPTIONS,
  trainEnsemble,
  trainModel,
  type DiagnosticsLevel,
  type EpochRecord,
  type MemberResult,
  type MemberStatus,
  type Metrics,
  type ProgressEvent,
  type TrainOptions,
  type TrainResult,
} from './train.js';
export { predict, evaluate, type ModelWeights } from './inference.js';
export { diagnoseAtInit, diagnoseNetworkAtInit, type MemberDiagnostics } from './diagnose.js';
export type { BlockDiagnostics, NetworkDiagnostics, NormDiagnostics } from './block-diagnostics.js';
export { TRACE_DATA_KEYS, forwardTrace, type LayerTrace, type MemberTrace } from './forward-trace.js';
export { minimumTensorBytes, WASM_HEAP_BYTES } from './memory.js';
export {
  SIGMOID_SATURATION,
  SYMMETRY_TOLERANCE,
  TANH_SATURATION,
  type LayerDiagnostics,
} from './diagnostics.js';
export { LSUV_OPTIONS, lsuvInit, type LsuvLayerReport, type LsuvOptions, type LsuvResult } from './lsuv.js';
export { PARALLEL_TRAIN_OPTIONS, WORKER_BACKEND_KEYS, trainEnsembleParallel, type ParallelTrainOptions, type WorkerBackend } from './parallel.js';
