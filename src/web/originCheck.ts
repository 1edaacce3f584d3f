/**
 * Cross-origin writes refused: a page on another site can make the browser send a POST here (a form, or
 * fetch in no-cors mode) even though it cannot read the answer. A request that changes or runs anything
 * (any method but GET/HEAD) must come from this server's own pages: Sec-Fetch-Site `same-origin` (or
 * `none`, typed by the user) when the browser sends it, an Origin equal to this server's when present, and
 * a JSON body (which a cross-site form cannot send without a CORS preflight, and we answer none).
 * https://developer.mozilla.org/en-US/docs/Web/HTTP/Reference/Headers/Sec-Fetch-Site
 */
import type { MiddlewareHandler } from 'hono';

const SAFE = new Set(['GET', 'HEAD']);

function refuse(message: string) {
  return { error: { code: 'cross_origin', message } };
}

export function originCheck(): MiddlewareHandler {
  return async (c, next) => {
    if (SAFE.has(c.req.method)) return next();
    const site = c.req.header('sec-fetch-site');
    if (site !== undefined && site !== 'same-origin' && site !== 'none') {
      return c.json(
        refuse(`a ${site} ${c.req.method} is refused: only this dashboard's pages may send it`),
        403,
      );
    }
    const origin = c.req.header('origin');
    const host = c.req.header('host') ?? '';
    if (origin !== undefined && origin !== `http://${host}`) {
      return c.json(refuse(`Origin ${origin} is not this server (http://${host})`), 403);
    }
    const type = (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
    if (type !== 'application/json') {
      return c.json(
        {
          error: {
            code: 'bad_content_type',
            message: `send the body as application/json, not '${type || '(none)'}'`,
          },
        },
        415,
      );
    }
    await next();
  };
}
