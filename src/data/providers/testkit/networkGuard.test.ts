import net from 'node:net';
import { describe, expect, it } from 'vitest';
import { installNetworkGuard } from './networkGuard.js';
import { startServer } from './server.js';

const guard = installNetworkGuard();

describe('installNetworkGuard', () => {
  it('blocks fetch to any host but 127.0.0.1, http and https, before a packet leaves', async () => {
    // 192.0.2.0/24 is TEST-NET-1 (RFC 5737): never routed, so even a broken guard would not reach anyone.
    await expect(fetch('http://192.0.2.1:81/x')).rejects.toThrow();
    await expect(fetch('https://192.0.2.1/x')).rejects.toThrow();
    expect(guard.take()).toEqual(['192.0.2.1:81', '192.0.2.1:443']);
  });

  it('blocks raw sockets to names as well', async () => {
    const socket = net.connect(80, 'example.invalid');
    const error = await new Promise<Error>((resolve) => socket.on('error', resolve));
    expect(error.message).toContain('network guard: a test tried to connect to example.invalid:80');
    expect(guard.take()).toEqual(['example.invalid:80']);
  });

  it('lets requests to the local test server through', async () => {
    const server = await startServer(() => ({ body: { ok: true } }));
    try {
      expect(await (await fetch(`${server.baseUrl}/ok`)).json()).toEqual({ ok: true });
      expect(guard.take()).toEqual([]);
    } finally {
      await server.close();
    }
  });
});
