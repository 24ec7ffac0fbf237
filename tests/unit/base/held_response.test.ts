/**
 * HeldResponse over a real HTTP server: what a handler writes (any of ServerResponse's ways)
 * reaches the client only at release(), complete; nothing reaches it when it is never released.
 */
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HeldResponse } from '../../../addons/base/http/held_response';

/** Serves one request with handle(res), returns what the client got. */
async function serve(handle: (res: ServerResponse) => Promise<void>): Promise<{ status: number; headers: Headers; body: string }> {
  const server = createServer((_req, res) => void handle(res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const answer = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`, { redirect: 'manual' });
    return { status: answer.status, headers: answer.headers, body: await answer.text() };
  } finally {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
}

test('status, headers and body written in pieces are sent together at release, and the callbacks run then', async () => {
  const events: string[] = [];
  const got = await serve(async (res) => {
    const held = new HeldResponse(res);
    const r = held.response;
    r.statusCode = 201;
    r.setHeader('X-One', '1');
    r.setHeader('x-one', 'replaced');
    r.setHeader('Content-Type', 'text/plain');
    r.write('Hello, ', () => events.push('write'));
    r.end(Buffer.from('world'), () => events.push('end'));
    expect(r.headersSent).toBe(true);
    expect(res.headersSent).toBe(false);
    await new Promise((resolve) => setTimeout(resolve, 20));
    events.push('released');
    held.release();
  });
  expect(got).toMatchObject({ status: 201, body: 'Hello, world' });
  expect(got.headers.get('x-one')).toBe('replaced');
  expect(events).toEqual(['released', 'write', 'end']);
});

/** A redirect written with writeHead's flat header list, after setting and removing a header. */
function heldRedirect(res: ServerResponse): HeldResponse {
  const held = new HeldResponse(res);
  held.response.setHeader('X-Gone', 'x');
  held.response.removeHeader('X-Gone');
  held.response.writeHead(303, ['Location', '/next']).end();
  return held;
}

test('writeHead with a flat header list; a removed header is not sent; what is never released is never sent', async () => {
  const got = await serve(async (res) => {
    heldRedirect(res);
    // The transaction failed: the server answers the error on the real response instead.
    res.writeHead(500, { 'Content-Type': 'text/plain' });
    res.end('failed');
  });
  expect(got).toMatchObject({ status: 500, body: 'failed' });
  expect(got.headers.get('location')).toBeNull();
  const redirected = await serve(async (res) => {
    heldRedirect(res).release();
  });
  expect(redirected.status).toBe(303);
  expect(redirected.headers.get('location')).toBe('/next');
  expect(redirected.headers.get('x-gone')).toBeNull();
});
