import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RedisHttpServer, startRedisHttp } from '../src/index.ts';
import { BACKENDS, post, uniquePrefix } from './bridges.ts';

const BASE64 = { 'upstash-encoding': 'base64' };
const b64 = (text: string): string => Buffer.from(text, 'utf8').toString('base64');

describe.each(BACKENDS)('the Upstash REST protocol over raw HTTP, $backend backend', ({ backend, redisUrl }) => {
  let server: RedisHttpServer;
  const prefix = uniquePrefix();
  const key = (name: string): string => `${prefix}${name}`;

  beforeAll(async () => {
    server = await startRedisHttp({ redisUrl, token: randomBytes(16).toString('hex'), port: 0, quiet: true });
  });

  afterAll(async () => {
    await post(server, '/', ['DEL', ...['zset', 'multi', 'pipe', 'str', 'denied'].map(key)]);
    await server.close();
  });

  describe('authentication', () => {
    it('answers 401 with a JSON body when the Authorization header is missing', async () => {
      const response = await fetch(server.url, { method: 'POST', body: '["PING"]' });
      expect(response.status).toBe(401);
      expect(response.headers.get('content-type')).toBe('application/json');
      expect(await response.json()).toEqual({ error: 'WRONGPASS invalid or missing auth token' });
    });

    it('answers 401 with a JSON body when the token is wrong', async () => {
      const response = await post(server, '/', ['PING'], { authorization: `Bearer ${server.token}x` });
      expect(response).toEqual({
        status: 401,
        contentType: 'application/json',
        json: { error: 'WRONGPASS invalid or missing auth token' },
      });
    });

    it('answers 401 to a token sent without the Bearer scheme', async () => {
      expect((await post(server, '/', ['PING'], { authorization: server.token })).status).toBe(401);
    });
  });

  describe('malformed requests', () => {
    it.each([
      ['not JSON', 'SET k v'],
      ['a JSON object', '{"command":"PING"}'],
      ['an empty array', '[]'],
      ['an array with a boolean', '["SET","k",true]'],
      ['an array with a nested object', '["SET","k",{"a":1}]'],
    ])('answers 400 with an ERR JSON body to %s', async (_, body) => {
      const response = await post(server, '/', body);
      expect(response.status).toBe(400);
      expect(response.contentType).toBe('application/json');
      expect(response.json).toEqual({ error: expect.stringMatching(/^ERR /) });
    });

    it('answers 400 to a pipeline that holds something other than commands', async () => {
      const response = await post(server, '/pipeline', [['PING'], 'PING']);
      expect(response).toMatchObject({ status: 400, json: { error: expect.stringMatching(/^ERR command 2 /) } });
    });

    it('answers 413 with a JSON body when the body is over 1 MiB', async () => {
      const response = await post(server, '/', ['SET', key('big'), 'x'.repeat(1024 * 1024)]);
      expect(response).toEqual({
        status: 413,
        contentType: 'application/json',
        json: { error: expect.stringMatching(/^ERR .*exceeds 1048576 bytes/) },
      });
    });

    it('answers 404 with a JSON body to an unknown path or a GET', async () => {
      expect(await post(server, '/keys', ['PING'])).toMatchObject({ status: 404, contentType: 'application/json' });
      const get = await fetch(server.url, { headers: { authorization: `Bearer ${server.token}` } });
      expect(get.status).toBe(404);
      expect(await get.json()).toEqual({ error: expect.stringMatching(/^ERR /) });
    });
  });

  describe('replies', () => {
    it('base64-encodes a status reply when asked to', async () => {
      expect(await post(server, '/', ['PING'], BASE64)).toMatchObject({ status: 200, json: { result: b64('PONG') } });
      expect(await post(server, '/', ['SET', key('str'), 'é'], BASE64)).toMatchObject({ json: { result: b64('OK') } });
    });

    it('sends plain strings without the encoding header', async () => {
      expect(await post(server, '/', ['PING'])).toMatchObject({ status: 200, json: { result: 'PONG' } });
    });

    it('base64-encodes strings nested in arrays but leaves integers and null alone', async () => {
      await post(server, '/', ['ZADD', key('zset'), '1', 'a', '2.5', 'ü']);
      const range = await post(server, '/', ['ZRANGE', key('zset'), '0', '-1', 'WITHSCORES'], BASE64);
      expect(range.json).toEqual({ result: [b64('a'), b64('1'), b64('ü'), b64('2.5')] });
      expect((await post(server, '/', ['ZCARD', key('zset')], BASE64)).json).toEqual({ result: 2 });
      expect((await post(server, '/', ['GET', key('none')], BASE64)).json).toEqual({ result: null });
      const lua = await post(server, '/', ['EVAL', "return {1, 'x', {2, 'y'}}", '0'], BASE64);
      expect(lua.json).toEqual({ result: [1, b64('x'), [2, b64('y')]] });
    });

    // The embedded backend keeps JavaScript strings, so only a real Redis can hold arbitrary bytes.
    it.runIf(backend === 'redis')('base64-encodes the exact bytes of a value that is not UTF-8', async () => {
      const reply = await post(server, '/', ['EVAL', 'return string.char(255, 0, 254)', '0'], BASE64);
      expect(reply.json).toEqual({ result: Buffer.from([255, 0, 254]).toString('base64') });
    });

    it('answers a Redis error with 400 and the error text', async () => {
      expect(await post(server, '/', ['HGET', key('str')])).toEqual({
        status: 400,
        contentType: 'application/json',
        json: { error: "ERR wrong number of arguments for 'hget' command" },
      });
    });
  });

  describe('batches', () => {
    it('answers each command of a pipeline with its result or its error', async () => {
      const response = await post(server, '/pipeline', [
        ['SET', key('pipe'), 'x'],
        ['INCR', key('pipe')],
        ['GET', key('pipe')],
      ]);
      expect(response).toEqual({
        status: 200,
        contentType: 'application/json',
        json: [{ result: 'OK' }, { error: 'ERR value is not an integer or out of range' }, { result: 'x' }],
      });
    });

    it('applies a transaction and reports a command that failed while running', async () => {
      const response = await post(server, '/multi-exec', [
        ['SET', key('multi'), '1'],
        ['HGET', key('multi'), 'field'],
        ['INCR', key('multi')],
      ]);
      expect(response.json).toEqual([
        { result: 'OK' },
        { error: 'WRONGTYPE Operation against a key holding the wrong kind of value' },
        { result: 2 },
      ]);
    });

    it('discards a whole transaction when a command cannot be queued', async () => {
      const response = await post(server, '/multi-exec', [['SET', key('multi'), 'discarded'], ['NOSUCHCOMMAND']]);
      expect(response).toMatchObject({
        status: 400,
        json: { error: expect.stringMatching(/^EXECABORT .*unknown command/) },
      });
      expect((await post(server, '/', ['GET', key('multi')])).json).toEqual({ result: '2' });
    });

    it('refuses commands that would block or take over the shared connection, and only those', async () => {
      const response = await post(server, '/pipeline', [
        ['SUBSCRIBE', 'news'],
        ['SET', key('denied'), 'still-served'],
        ['BLPOP', key('denied-list'), '0'],
      ]);
      expect(response.json).toEqual([
        { error: expect.stringMatching(/^ERR 'SUBSCRIBE' is not available over the REST bridge/) },
        { result: 'OK' },
        { error: expect.stringMatching(/^ERR 'BLPOP' is not available/) },
      ]);
      expect((await post(server, '/', ['PING'])).json).toEqual({ result: 'PONG' });
    });
  });
});
