interface OptionSpec {
  /** Index, among the arguments after the command name, of the first one that may be an option. */
  readonly from: number;
  /** Option keywords and how many values follow each. */
  readonly keywords: Readonly<Record<string, number>>;
}

const EXPIRE_CONDITIONS = { NX: 0, XX: 0, GT: 0, LT: 0 };
const SCAN_OPTIONS = { MATCH: 1, COUNT: 1 };

// ioredis-mock compares option names with `===`, so `ex` or `nx` (which Redis accepts) are
// silently ignored: `SET k v nx` would overwrite.
const OPTIONS: Readonly<Record<string, OptionSpec>> = {
  SET: { from: 2, keywords: { EX: 1, PX: 1, EXAT: 1, PXAT: 1, NX: 0, XX: 0, KEEPTTL: 0, GET: 0 } },
  GETEX: { from: 1, keywords: { EX: 1, PX: 1, EXAT: 1, PXAT: 1, PERSIST: 0 } },
  EXPIRE: { from: 2, keywords: EXPIRE_CONDITIONS },
  PEXPIRE: { from: 2, keywords: EXPIRE_CONDITIONS },
  EXPIREAT: { from: 2, keywords: EXPIRE_CONDITIONS },
  PEXPIREAT: { from: 2, keywords: EXPIRE_CONDITIONS },
  ZADD: { from: 1, keywords: { NX: 0, XX: 0, GT: 0, LT: 0, CH: 0, INCR: 0 } },
  ZRANGE: { from: 3, keywords: { BYSCORE: 0, BYLEX: 0, REV: 0, LIMIT: 2, WITHSCORES: 0 } },
  ZRANGEBYSCORE: { from: 3, keywords: { WITHSCORES: 0, LIMIT: 2 } },
  ZREVRANGEBYSCORE: { from: 3, keywords: { WITHSCORES: 0, LIMIT: 2 } },
  ZRANGEBYLEX: { from: 3, keywords: { LIMIT: 2 } },
  ZREVRANGEBYLEX: { from: 3, keywords: { LIMIT: 2 } },
  ZREVRANGE: { from: 3, keywords: { WITHSCORES: 0 } },
  HRANDFIELD: { from: 2, keywords: { WITHVALUES: 0 } },
  SCAN: { from: 1, keywords: { ...SCAN_OPTIONS, TYPE: 1 } },
  HSCAN: { from: 2, keywords: SCAN_OPTIONS },
  SSCAN: { from: 2, keywords: SCAN_OPTIONS },
  ZSCAN: { from: 2, keywords: SCAN_OPTIONS },
  SCRIPT: { from: 0, keywords: { LOAD: 1, EXISTS: 0, FLUSH: 0, ASYNC: 0, SYNC: 0 } },
};

/**
 * Upper-cases the option keywords of a command, leaving keys, values and option arguments
 * (a MATCH pattern, an EX duration) exactly as sent.
 */
export function upperCaseOptions(name: string, args: readonly string[]): string[] {
  const spec = OPTIONS[name];
  const result = [...args];
  if (!spec) return result;
  let index = spec.from;
  while (index < result.length) {
    const word = result[index]?.toUpperCase() ?? '';
    const values = spec.keywords[word];
    // Options come before anything else that follows them (ZADD's scores): stop at the first non-option.
    if (values === undefined) break;
    result[index] = word;
    index += 1 + values;
  }
  return result;
}
