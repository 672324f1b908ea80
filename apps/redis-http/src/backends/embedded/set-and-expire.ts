import type { Reply } from '../../backend.ts';
import { ReplyError } from '../../errors.ts';
import type { Mock } from './mock.ts';
import { fromMock } from './mock-reply.ts';
import { type Handler, wrongArity } from './scripts.ts';

const INTEGER = /^-?\d+$/;
const NOT_INTEGER = 'ERR value is not an integer or out of range';

/** Milliseconds since the epoch at which an EX/PX/EXAT/PXAT amount ends. */
const DEADLINE: Record<string, (amount: number) => number> = {
  EX: (seconds) => Date.now() + seconds * 1000,
  PX: (ms) => Date.now() + ms,
  EXAT: (seconds) => seconds * 1000,
  PXAT: (ms) => ms,
};

/**
 * SET and the EXPIRE family, rebuilt on the mock's plainest commands: ioredis-mock ignores KEEPTTL
 * (the TTL is lost) and EXPIRE's NX/XX/GT/LT (the TTL is always replaced), and accepts any
 * expiry, zero and "abc" included.
 */
export function setAndExpireCommands(mock: Mock): Record<string, Handler> {
  const pttl = async (key: string): Promise<number> => Number(await mock.command('PTTL', [key]));

  const set: Handler = async ([key, value, ...options]) => {
    if (key === undefined || value === undefined) throw wrongArity('set');
    const parsed = parseSetOptions(options);
    let previous: Reply = null;
    if (parsed.get) {
      const type = await mock.command('TYPE', [key]);
      if (type !== 'none' && type !== 'string') {
        throw new ReplyError('WRONGTYPE Operation against a key holding the wrong kind of value');
      }
      previous = fromMock(await mock.command('GET', [key]));
    }
    const exists = Number(await mock.command('EXISTS', [key])) === 1;
    if ((parsed.condition === 'NX' && exists) || (parsed.condition === 'XX' && !exists)) {
      return parsed.get ? previous : null;
    }
    const keptTtl = parsed.keepTtl ? await pttl(key) : -1;
    await mock.command('SET', [key, value]);
    if (parsed.deadline !== undefined) await mock.command('PEXPIREAT', [key, String(parsed.deadline)]);
    else if (keptTtl > 0) await mock.command('PEXPIRE', [key, String(keptTtl)]);
    return parsed.get ? previous : 'OK';
  };

  const expire =
    (name: string, unit: keyof typeof DEADLINE): Handler =>
    async ([key, amount, ...options]) => {
      if (key === undefined || amount === undefined) throw wrongArity(name);
      if (!INTEGER.test(amount)) throw new ReplyError(NOT_INTEGER);
      const condition = parseExpireCondition(options);
      const current = await pttl(key);
      if (current === -2) return 0;
      const deadline = deadlineOf(unit, amount);
      const currentDeadline = current === -1 ? Number.POSITIVE_INFINITY : Date.now() + current;
      const allowed = {
        NONE: true,
        NX: current === -1,
        XX: current !== -1,
        GT: deadline > currentDeadline,
        LT: deadline < currentDeadline,
      }[condition];
      if (!allowed) return 0;
      await mock.command('PEXPIREAT', [key, String(deadline)]);
      return 1;
    };

  return {
    SET: set,
    EXPIRE: expire('expire', 'EX'),
    PEXPIRE: expire('pexpire', 'PX'),
    EXPIREAT: expire('expireat', 'EXAT'),
    PEXPIREAT: expire('pexpireat', 'PXAT'),
  };
}

interface SetOptions {
  condition?: 'NX' | 'XX';
  get: boolean;
  keepTtl: boolean;
  deadline?: number;
}

function parseSetOptions(options: readonly string[]): SetOptions {
  const parsed: SetOptions = { get: false, keepTtl: false };
  let expirySet = false;
  for (let index = 0; index < options.length; index++) {
    const option = options[index];
    if ((option === 'NX' || option === 'XX') && !parsed.condition) parsed.condition = option;
    else if (option === 'GET' && !parsed.get) parsed.get = true;
    else if (option === 'KEEPTTL' && !expirySet) {
      parsed.keepTtl = true;
      expirySet = true;
    } else if (option !== undefined && Object.hasOwn(DEADLINE, option) && !expirySet) {
      const amount = options[++index];
      if (amount === undefined) throw new ReplyError('ERR syntax error');
      if (!INTEGER.test(amount)) throw new ReplyError(NOT_INTEGER);
      if (Number(amount) <= 0) throw new ReplyError("ERR invalid expire time in 'set' command");
      parsed.deadline = deadlineOf(option, amount);
      expirySet = true;
    } else throw new ReplyError('ERR syntax error');
  }
  return parsed;
}

function parseExpireCondition(options: readonly string[]): 'NONE' | 'NX' | 'XX' | 'GT' | 'LT' {
  const [option, extra] = options;
  if (option === undefined) return 'NONE';
  if (extra !== undefined) {
    throw new ReplyError('ERR NX and XX, GT or LT options at the same time are not compatible');
  }
  if (option === 'NX' || option === 'XX' || option === 'GT' || option === 'LT') return option;
  throw new ReplyError(`ERR Unsupported option ${option}`);
}

function deadlineOf(unit: string, amount: string): number {
  const toDeadline = Object.hasOwn(DEADLINE, unit) ? DEADLINE[unit] : undefined;
  if (!toDeadline) throw new Error(`no expiry unit ${unit}`);
  return toDeadline(Number(amount));
}
