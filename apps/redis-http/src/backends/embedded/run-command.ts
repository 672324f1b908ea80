import type { Command, Reply } from '../../backend.ts';
import { checkCommand } from './checks.ts';
import { checkArity } from './commands.ts';
import { dropIfEmpty } from './drop-empty.ts';
import type { Mock } from './mock.ts';
import { fromMock, toReplyError } from './mock-reply.ts';
import { upperCaseOptions } from './option-case.ts';
import { type Handler, scriptCommands } from './scripts.ts';
import { setAndExpireCommands } from './set-and-expire.ts';
import { formatScore, zaddCommand } from './zadd.ts';

const SCORE_REPLIES = new Set(['ZPOPMIN', 'ZPOPMAX']);

export interface CommandRunner {
  /** Throws the `ReplyError` Redis would answer while queueing the command in a MULTI. */
  checkQueueable(command: Command): void;
  /** Runs one command; a Redis error comes out as a rejected `ReplyError`. */
  run(command: Command): Promise<Reply>;
}

/** Runs commands on ioredis-mock, smoothing its differences from Redis along the way. */
export function createCommandRunner(mock: Mock): CommandRunner {
  const handlers = new Map<string, Handler>(
    Object.entries({ ...scriptCommands(mock), ...setAndExpireCommands(mock), ZADD: zaddCommand(mock) }),
  );
  return {
    checkQueueable: ([name, ...args]) => checkArity(name.toUpperCase(), args),
    async run([rawName, ...rawArgs]) {
      const name = rawName.toUpperCase();
      const args = upperCaseOptions(name, rawArgs);
      try {
        checkArity(name, args);
        await checkCommand(mock, name, args);
        const handler = handlers.get(name);
        const reply = handler ? await handler(args) : fromMock(await mock.command(name, args));
        await dropIfEmpty(mock, name, args);
        // The mock hands popped scores back as numbers; Redis sends them as bulk strings.
        return SCORE_REPLIES.has(name) ? scoresAsStrings(reply) : reply;
      } catch (error) {
        throw toReplyError(error);
      }
    },
  };
}

function scoresAsStrings(reply: Reply): Reply {
  if (typeof reply === 'number') return formatScore(reply);
  return Array.isArray(reply) ? reply.map(scoresAsStrings) : reply;
}
