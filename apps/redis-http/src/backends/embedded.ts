import type { Backend, Command, Outcome } from '../backend.ts';
import { ReplyError } from '../errors.ts';
import { createMock } from './embedded/mock.ts';
import { toReplyError } from './embedded/mock-reply.ts';
import { createCommandRunner } from './embedded/run-command.ts';

/** An in-memory Redis (ioredis-mock) for running the project with nothing installed. */
export function createEmbeddedBackend(): Backend {
  const mock = createMock();
  const runner = createCommandRunner(mock);
  // Batches run one at a time. That is what makes /multi-exec atomic, and it keeps the bridge's
  // read-then-write emulations (SET KEEPTTL, EXPIRE NX, the INCR checks) free of races. ioredis-
  // mock's own multi() is no substitute: one failing command rejects the whole exec() and loses
  // the other replies, and it would bypass those emulations.
  let tail: Promise<unknown> = Promise.resolve();
  const serially = <T>(task: () => Promise<T>): Promise<T> => {
    const run = tail.then(task, task);
    tail = run.catch(() => {});
    return run;
  };

  return {
    kind: 'embedded',
    exec(commands: readonly Command[], mode: 'pipeline' | 'multi'): Promise<Outcome[]> {
      return serially(async () => {
        if (mode === 'multi') {
          try {
            for (const command of commands) runner.checkQueueable(command);
          } catch (error) {
            throw new ReplyError(
              `EXECABORT Transaction discarded because of previous errors: ${toReplyError(error).message}`,
            );
          }
        }
        const outcomes: Outcome[] = [];
        for (const command of commands) {
          try {
            outcomes.push({ reply: await runner.run(command) });
          } catch (error) {
            outcomes.push({ error: toReplyError(error).message });
          }
        }
        return outcomes;
      });
    },
    close: () => serially(() => mock.close()),
  };
}
