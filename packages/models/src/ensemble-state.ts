import * as tf from '@tensorflow/tfjs-core';
import type { ResolvedNetwork } from './network-spec.js';
import { applyUpdate, createOptimizerState, type OptimizerState, type ResolvedOptimizer } from './optimizers.js';
import {
  allTensors,
  flatParams,
  selectSlots,
  stackWeights,
  unflatParams,
  unstackExtras,
  unstackWeights,
  type ExtraWeights,
  type LayerWeights,
  type StackedParams,
} from './weights.js';

/** What one member slot's weights are on the host. */
export interface SlotWeights {
  weights: LayerWeights[];
  extras: ExtraWeights;
}

/** One step's gradients (in {@link flatParams} order) and the batch-norm buffers after it, computed inside the step's `tf.tidy`. */
export interface StepGradients<Keep extends tf.Tensor[]> {
  grads: tf.Tensor3D[];
  /** The buffers after this step (null: the network has none). */
  buffers: tf.Tensor3D[] | null;
  /** Tensors the caller reads after the step (the output's z, row scores); the caller disposes them. */
  keep: Keep;
}

/**
 * The training state of an ensemble in one object: the stacked parameters and batch-norm buffers of the
 * member slots still training, the optimizer's slots, and the snapshot of the last completed epoch (the
 * weights a member reports when it diverges in the next one). It owns every one of those tensors: `step`
 * replaces them, `commitEpoch` moves the snapshot, `prune` drops diverged slots and `dispose` frees
 * everything, so the training loop never disposes a parameter itself.
 */
export class EnsembleState {
  private params: StackedParams;
  private snapshot: StackedParams;
  private optimizerState: OptimizerState;
  /** For each slot, the index of the member training in it. */
  private memberOfSlot: number[];

  constructor(
    private readonly net: ResolvedNetwork,
    private readonly optimizer: ResolvedOptimizer,
    starts: readonly SlotWeights[],
  ) {
    this.params = stackWeights(net.dense, starts.map((s) => s.weights), starts.map((s) => s.extras));
    this.snapshot = this.params;
    this.optimizerState = createOptimizerState(optimizer, flatParams(this.params));
    this.memberOfSlot = starts.map((_, i) => i);
  }

  /** The current parameters (valid until the next `step`, `prune` or `dispose`). */
  get current(): StackedParams {
    return this.params;
  }

  /** The member indexes of the slots still training, in slot order. */
  get members(): readonly number[] {
    return this.memberOfSlot;
  }

  get size(): number {
    return this.memberOfSlot.length;
  }

  /**
   * One optimizer step of every slot: `compute` gives the gradients of the current parameters (run inside
   * this step's `tf.tidy`), the fused update applies them, and the new parameters, buffers and optimizer
   * slots replace the old ones (the snapshot's tensors are kept). Returns `keep`.
   */
  step<Keep extends tf.Tensor[]>(compute: (params: StackedParams) => StepGradients<Keep>): Keep {
    const out = tf.tidy(() => {
      const { grads, buffers, keep } = compute(this.params);
      const update = applyUpdate(this.optimizer, flatParams(this.params), grads, this.optimizerState);
      return { params: update.params as tf.Tensor3D[], slots: update.slots, buffers: buffers ?? this.params.buffers ?? [], keep };
    });
    const next = unflatParams(out.params, this.net.dense.length, out.buffers);
    this.release(this.params, [this.snapshot, next]);
    for (const list of this.optimizerState.slots) tf.dispose(list);
    this.params = next;
    this.optimizerState = { slots: out.slots, iterations: this.optimizerState.iterations + 1 };
    return out.keep;
  }

  /** The optimizer's slots, one list per parameter in {@link flatParams} order (valid until the next change). */
  get slots(): readonly (readonly tf.Tensor[])[] {
    return this.optimizerState.slots;
  }

  /** Optimizer steps taken so far. */
  get iterations(): number {
    return this.optimizerState.iterations;
  }

  /**
   * Takes the parameters (in {@link flatParams} order), optimizer slots and batch-norm buffers computed
   * elsewhere — by the resident step, `steps` steps after the current ones — and owns them; the snapshot's
   * tensors are kept.
   */
  adopt(flat: tf.Tensor3D[], slots: tf.Tensor[][], steps: number, buffers: tf.Tensor3D[] = []): void {
    const next = unflatParams(flat, this.net.dense.length, buffers);
    this.release(this.params, [this.snapshot, next]);
    for (const list of this.optimizerState.slots) tf.dispose(list);
    this.params = next;
    this.optimizerState = { slots, iterations: this.optimizerState.iterations + steps };
  }

  /** The epoch is complete: its parameters become the snapshot. */
  commitEpoch(): void {
    this.release(this.snapshot, [this.params]);
    this.snapshot = this.params;
  }

  /** Slot `slot`'s weights at the last completed epoch (what a member diverging now reports). */
  snapshotOf(slot: number): SlotWeights {
    const picked = selectSlots(allTensors(this.snapshot), [slot]);
    const flatCount = flatParams(this.snapshot).length;
    const params = unflatParams(picked.slice(0, flatCount), this.net.dense.length, picked.slice(flatCount));
    const out = { weights: unstackWeights(params)[0]!, extras: unstackExtras(params)[0]! };
    tf.dispose(picked);
    return out;
  }

  /** Drops the slots `diverged` (indexes into the current slots) from the parameters, snapshot and optimizer. */
  prune(diverged: readonly number[]): void {
    if (diverged.length === 0) return;
    const keep = this.memberOfSlot.map((_, slot) => slot).filter((slot) => !diverged.includes(slot));
    const flatCount = flatParams(this.params).length;
    const picked = keep.length === 0 ? [] : selectSlots(allTensors(this.params), keep);
    const keptSlots = keep.length === 0 ? [] : this.optimizerState.slots.map((list) => selectSlots(list, keep));
    this.disposeAll();
    this.params =
      keep.length === 0 ? { kernels: [], biases: [] } : unflatParams(picked.slice(0, flatCount), this.net.dense.length, picked.slice(flatCount));
    this.snapshot = this.params;
    this.optimizerState = { slots: keptSlots, iterations: this.optimizerState.iterations };
    this.memberOfSlot = keep.map((slot) => this.memberOfSlot[slot]!);
  }

  /** The current weights of every slot, downloaded. */
  weights(): SlotWeights[] {
    const weights = unstackWeights(this.params);
    const extras = unstackExtras(this.params);
    return weights.map((w, slot) => ({ weights: w, extras: extras[slot]! }));
  }

  /** Frees every tensor the state holds. */
  dispose(): void {
    this.disposeAll();
    this.params = { kernels: [], biases: [] };
    this.snapshot = this.params;
    this.optimizerState = { slots: [], iterations: this.optimizerState.iterations };
  }

  private disposeAll(): void {
    if (this.snapshot !== this.params) this.release(this.snapshot, [this.params]);
    this.release(this.params, []);
    for (const list of this.optimizerState.slots) tf.dispose(list);
  }

  /** Disposes the tensors of `params` that none of `keep` holds. */
  private release(params: StackedParams, keep: readonly StackedParams[]): void {
    const kept = new Set<tf.Tensor>(keep.flatMap((p) => allTensors(p)));
    for (const t of allTensors(params)) if (!kept.has(t)) t.dispose();
  }
}
