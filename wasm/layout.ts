// AssemblyScript: the memory layout shared by the kernels (see pricingKernel.ts).

export const CHUNK: i32 = 4096;
const BASE: usize = 65536;
export const SIGN_AT: usize = BASE;
export const IN_AT: usize = BASE + <usize>CHUNK;
export const IN_COLS: usize = 7;
export const OUT_AT: usize = IN_AT + IN_COLS * <usize>CHUNK * 8;


/** Byte address of input column k. */
// @ts-expect-error: AssemblyScript decorator
@inline
export function inCol(k: usize): usize {
  return IN_AT + k * <usize>CHUNK * 8;
}

/** Byte address of output column k. */
// @ts-expect-error: AssemblyScript decorator
@inline
export function outCol(k: usize): usize {
  return OUT_AT + k * <usize>CHUNK * 8;
}

/** 1 when bit `bit` of `mask` is set (an array column), 0 for a constant column. */
// @ts-expect-error: AssemblyScript decorator
@inline
export function stride(mask: i32, bit: i32): usize {
  return <usize>((mask >> bit) & 1);
}
