import { describe, expect, it, vi } from 'vitest';
import { HandlePool } from './handlePool.js';

class Handle {
  static made = 0;
  readonly id = ++Handle.made;
  closed = false;
  close(): void {
    this.closed = true;
  }
}

const tick = () => new Promise((r) => setTimeout(r, 1));

describe('HandlePool', () => {
  it('never has more than `size` handles open, reuses them, and serves every request', async () => {
    const made: Handle[] = [];
    const pool = new HandlePool(
      async () => {
        const h = new Handle();
        made.push(h);
        return h;
      },
      3,
      60_000,
    );
    let busy = 0;
    let peak = 0;
    const used = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        pool.run(async (h) => {
          busy++;
          peak = Math.max(peak, busy);
          expect(h.closed).toBe(false);
          await tick();
          busy--;
          return { i, id: h.id };
        }),
      ),
    );
    expect(used.map((u) => u.i)).toEqual(Array.from({ length: 40 }, (_, i) => i));
    expect(peak).toBe(3);
    expect(made).toHaveLength(3);
    expect(pool.open).toBe(3);
    pool.closeAll();
    expect(pool.open).toBe(0);
    expect(made.every((h) => h.closed)).toBe(true);
  });

  it('closes a handle whose work failed, and a waiter then gets a fresh one', async () => {
    const made: Handle[] = [];
    const pool = new HandlePool(
      async () => {
        const h = new Handle();
        made.push(h);
        return h;
      },
      1,
      60_000,
    );
    const failing = pool.run(async () => {
      await tick();
      throw new Error('bad query');
    });
    const next = pool.run(async (h) => h);
    await expect(failing).rejects.toThrow('bad query');
    const h = await next;
    expect(made[0]!.closed).toBe(true);
    expect(h).toBe(made[1]);
    expect(h.closed).toBe(false);
    pool.closeAll();
  });

  it('a failed open frees its slot', async () => {
    let fail = true;
    const pool = new HandlePool(
      async () => {
        if (fail) {
          fail = false;
          throw new Error('locked');
        }
        return new Handle();
      },
      1,
      60_000,
    );
    await expect(pool.run(async () => 1)).rejects.toThrow('locked');
    expect(await pool.run(async () => 2)).toBe(2);
    pool.closeAll();
  });

  it('closes idle handles after idleMs', async () => {
    vi.useFakeTimers();
    try {
      const pool = new HandlePool(async () => new Handle(), 2, 2000);
      const [a, b] = await Promise.all([pool.run(async (h) => h), pool.run(async (h) => h)]);
      expect(pool.open).toBe(2);
      vi.advanceTimersByTime(1999);
      expect(a!.closed || b!.closed).toBe(false);
      vi.advanceTimersByTime(1);
      expect(a!.closed && b!.closed).toBe(true);
      expect(pool.open).toBe(0);
    } finally {
      vi.useRealTimers();
    }
  });
});
