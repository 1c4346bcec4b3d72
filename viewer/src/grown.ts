/** Typed arrays that grow: live mode's trucks and their layer are appended to while drawn. */
export type NumericArray = Int8Array | Int16Array | Int32Array | Uint8Array | Float32Array | Float64Array;

/** A copy of `a` in a new array of `size` elements (the rest `fill`, default 0), of the same type. */
export function grown<T extends NumericArray>(a: T, size: number, fill = 0): T {
  const b = new (a.constructor as new (n: number) => T)(size);
  if (fill !== 0) b.fill(fill);
  b.set(a);
  return b;
}
