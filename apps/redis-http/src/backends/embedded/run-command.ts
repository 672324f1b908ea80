import type { Command, Reply } from '../../backend.ts';
import { checkCommand } from './checks.ts';
import { type Mock, mockHas } from './mock.ts';
import { fromMock, toReplyError } from './mock-reply.ts';
import { upperCaseOptions } from './option-case.ts';
import { type Handler, scriptCommands } from './scripts.ts';
import { setAndExpireCommands } from './set-and-expire.ts';

export interface CommandRunner {
  /** Whether the embedded backend knows the command at all (what MULTI checks while queueing). */
  knows(name: string): boolean;
  /** Runs one command; a Redis error comes out as a rejected `ReplyError`. */
  run(command: Command): Promise<Reply>;
}

/** Runs commands on ioredis-mock, smoothing its differences from Redis along the way. */
export function createCommandRunner(mock: Mock): CommandRunner {
  const handlers = new Map<string, Handler>(
    Object.entries({ ...scriptCommands(mock), ...setAndExpireCommands(mock) }),
  );
  return {
    knows: (name) => handlers.has(name.toUpperCase()) || mockHas(name),
    async run([rawName, ...rawArgs]) {
      const name = rawName.toUpperCase();
      const args = upperCaseOptions(name, rawArgs);
      try {
        const handler = handlers.get(name);
        if (handler) return await handler(args);
        await checkCommand(mock, name, args);
        return fromMock(await mock.command(name, args));
      } catch (error) {
        throw toReplyError(error);
      }
    },
  };
}
