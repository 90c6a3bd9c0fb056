/** Copy of `o` without its undefined entries, so `{...defaults, ...withoutUndefined(o)}` keeps defaults. */
export function withoutUndefined<T extends object>(o: T | undefined): Partial<T> {
  const out: Partial<T> = {};
  if (!o) return out;
  for (const [k, v] of Object.entries(o)) if (v !== undefined) (out as Record<string, unknown>)[k] = v;
  return out;
}
