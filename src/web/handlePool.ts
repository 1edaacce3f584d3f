/**
 * At most `size` open handles (DuckDB stores), each lent to one request at a time; requests beyond wait in
 * order. Opening DuckDB costs tens of milliseconds, so under load handles stay open and are reused; a
 * handle idle for `idleMs` is closed (DuckDB lets one process write a file or several read it: an idle
 * dashboard must not keep `crashscope import` out of the user's store). A handle whose work failed is
 * closed rather than lent again.
 */

export interface Closable {
  close(): void;
}

export class HandlePool<H extends Closable> {
  private readonly idle: { handle: H; timer: ReturnType<typeof setTimeout> }[] = [];
  private readonly waiting: ((handle: H | null) => void)[] = [];
  private openCount = 0;
  private closed = false;
  private readonly create: () => Promise<H>;
  private readonly size: number;
  private readonly idleMs: number;

  constructor(create: () => Promise<H>, size: number, idleMs: number) {
    this.create = create;
    this.size = size;
    this.idleMs = idleMs;
  }

  /** Handles open now (lent or idle). */
  get open(): number {
    return this.openCount;
  }

  private async acquire(): Promise<H> {
    const kept = this.idle.pop();
    if (kept !== undefined) {
      clearTimeout(kept.timer);
      return kept.handle;
    }
    if (this.openCount < this.size) {
      this.openCount++;
      try {
        return await this.create();
      } catch (error) {
        this.openCount--;
        this.wakeOne();
        throw error;
      }
    }
    const lent = await new Promise<H | null>((resolve) => this.waiting.push(resolve));
    return lent ?? this.acquire();
  }

  /** Lets one waiter try again (a slot was freed with no handle to hand over). */
  private wakeOne(): void {
    this.waiting.shift()?.(null);
  }

  private release(handle: H): void {
    const waiter = this.waiting.shift();
    if (waiter !== undefined) {
      waiter(handle);
      return;
    }
    if (this.closed) {
      this.discard(handle);
      return;
    }
    const entry = {
      handle,
      timer: setTimeout(() => {
        this.idle.splice(this.idle.indexOf(entry), 1);
        this.discard(handle);
      }, this.idleMs),
    };
    entry.timer.unref?.();
    this.idle.push(entry);
  }

  private discard(handle: H): void {
    this.openCount--;
    handle.close();
    this.wakeOne();
  }

  /** Runs `fn` with a handle of the pool. */
  async run<T>(fn: (handle: H) => Promise<T>): Promise<T> {
    const handle = await this.acquire();
    let ok = false;
    try {
      const value = await fn(handle);
      ok = true;
      return value;
    } finally {
      if (ok) this.release(handle);
      else this.discard(handle);
    }
  }

  /** Closes the idle handles now and every lent one when it comes back. */
  closeAll(): void {
    this.closed = true;
    for (const e of this.idle.splice(0)) {
      clearTimeout(e.timer);
      this.openCount--;
      e.handle.close();
    }
  }
}
