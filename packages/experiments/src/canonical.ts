/** Deep copy of plain data with every non-finite number replaced by null (what JSON would store). */
export function toJsonValue<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}
