// The jti replay cache (CDS Hooks 2.0: `jti` "used to protect against replay attacks"): a token id is accepted
// once per issuer and remembered until its token expires. In memory, per process: with several app servers behind
// one address a token could be replayed once against each (docs/decisions/0010-cds-hooks.md says why that is
// accepted and what would change it).

export class ReplayCache {
  readonly #seen = new Map<string, number>();
  #nextSweepMs = 0;
  readonly #sweepEveryMs: number;

  constructor(options: { readonly sweepEveryMs?: number } = {}) {
    this.#sweepEveryMs = options.sweepEveryMs ?? 30_000;
  }

  /**
   * True the first time `jti` of `iss` is presented (and remembers it until `expiresAtMs`); false when it was seen
   * before and has not expired yet — a replay.
   */
  claim(iss: string, jti: string, expiresAtMs: number, nowMs: number): boolean {
    this.#sweep(nowMs);
    // iss and jti cannot contain a newline that would make two pairs collide: both come from JSON strings, and a
    // collision would only refuse a token, never accept one.
    const key = `${iss}\n${jti}`;
    const until = this.#seen.get(key);
    if (until !== undefined && until > nowMs) return false;
    this.#seen.set(key, expiresAtMs);
    return true;
  }

  get size(): number {
    return this.#seen.size;
  }

  #sweep(nowMs: number): void {
    if (nowMs < this.#nextSweepMs) return;
    this.#nextSweepMs = nowMs + this.#sweepEveryMs;
    for (const [key, until] of this.#seen) if (until <= nowMs) this.#seen.delete(key);
  }
}
