/**
 * The declared fields of a loose schema's output, without its `[key: string]: unknown`: what the types say
 * (values read keep their unknown keys at run time), and what `interface`s such as `ExperimentConfig`, which
 * have no index signature, can be assigned to.
 */
export type KnownFields<T> = T extends readonly (infer U)[]
  ? KnownFields<U>[]
  : T extends object
    ? { [K in keyof T as string extends K ? never : K]: KnownFields<T[K]> }
    : T;
