// Sample uids, leased process-wide: every running sample has a uid no other
// sample of this Heng process holds, whatever pool it came from. RLIMIT_NPROC
// counts per uid, and same-uid processes could signal each other.
const leased = new Set<number>();

/** The lowest uid ≥ base that no running sample holds. */
export function leaseUid(base: number): number {
  let uid = base;
  while (leased.has(uid)) uid++;
  leased.add(uid);
  return uid;
}

export function releaseUid(uid: number): void {
  leased.delete(uid);
}
