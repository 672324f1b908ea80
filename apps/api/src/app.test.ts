import { describe, expect, it } from 'vitest';
import { testApp } from '../test/test-app.ts';

const { request } = testApp();

async function expectProblem(response: Response, status: number, code: string): Promise<Record<string, unknown>> {
  expect(response.status).toBe(status);
  expect(response.headers.get('Content-Type')).toBe('application/problem+json');
  const body = (await response.json()) as Record<string, unknown>;
  expect(body).toMatchObject({ status, code, type: expect.stringContaining('urn:portcullis:problem:') });
  expect(typeof body.title).toBe('string');
  return body;
}

describe('problem details and request ids', () => {
  it('answers an unknown API route with a 404 problem', async () => {
    const response = await request('/api/nope');
    await expectProblem(response, 404, 'NOT_FOUND');
  });

  it('puts a request id on every response, success and error alike', async () => {
    const ok = await request('/api/health');
    const missing = await request('/api/nope');
    const ids = [ok.headers.get('X-Request-Id'), missing.headers.get('X-Request-Id')];
    for (const id of ids) expect(id).toMatch(/^[\w-]{8,}$/);
    expect(ids[0]).not.toBe(ids[1]);
  });
});

describe('request bodies', () => {
  it('refuses a non-JSON body with 415', async () => {
    const response = await request('/api/nope', {
      method: 'POST',
      headers: { 'Content-Type': 'text/plain' },
      body: 'hello',
    });
    await expectProblem(response, 415, 'UNSUPPORTED_MEDIA_TYPE');
  });

  // Regression: workerd hands a request sent without a body an empty stream, and every DELETE
  // from a browser answered 415.
  it('treats an empty body without a Content-Type as no body', async () => {
    const response = await request('/api/nope', { method: 'DELETE', body: new Uint8Array(0) });
    await expectProblem(response, 404, 'NOT_FOUND');
  });

  it('refuses a form post (a classic cross-site vector) with 415', async () => {
    const response = await request('/api/nope', {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'a=1',
    });
    await expectProblem(response, 415, 'UNSUPPORTED_MEDIA_TYPE');
  });

  it('refuses a body over 16 KiB with 413, declared or streamed', async () => {
    const big = JSON.stringify({ pad: 'x'.repeat(16 * 1024) });
    const declared = await request('/api/nope', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: big,
    });
    await expectProblem(declared, 413, 'PAYLOAD_TOO_LARGE');

    const bytes = new TextEncoder().encode(big);
    const streamed = await request('/api/nope', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: new ReadableStream({
        start(controller) {
          for (let i = 0; i < bytes.length; i += 1024) controller.enqueue(bytes.slice(i, i + 1024));
          controller.close();
        },
      }),
      // @ts-expect-error -- `duplex` is required for streamed request bodies but missing from the RequestInit types
      duplex: 'half',
    });
    await expectProblem(streamed, 413, 'PAYLOAD_TOO_LARGE');
  });

  it('accepts a body of exactly 16 KiB', async () => {
    const body = JSON.stringify({ pad: 'x'.repeat(16 * 1024 - 10) });
    expect(new TextEncoder().encode(body).length).toBe(16 * 1024);
    const response = await request('/api/nope', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body,
    });
    // Past the body checks, the unknown route answers 404.
    await expectProblem(response, 404, 'NOT_FOUND');
  });

  it('refuses malformed JSON with 400 and says where', async () => {
    const response = await request('/api/nope', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: '{"email": ',
    });
    const body = await expectProblem(response, 400, 'VALIDATION_FAILED');
    expect(body.errors).toEqual([{ path: '', message: 'Malformed JSON' }]);
  });

  it('never leaks a stack trace or internals in a problem', async () => {
    const response = await request('/api/nope', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: '{]',
    });
    const text = await response.text();
    expect(text).not.toMatch(/at .*\.ts|stack|SyntaxError/);
  });
});
