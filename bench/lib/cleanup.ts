/**
 * Everything the bench must undo — servers, keys it wrote — registered as it is created and run
 * in reverse order on success, on failure and on Ctrl-C (SIGINT/SIGTERM). Each step runs even
 * when an earlier one fails.
 */
export interface Cleanup {
  add(label: string, step: () => Promise<void> | void): void;
  run(): Promise<void>;
}

export function createCleanup(log: (message: string) => void = console.error): Cleanup {
  const steps: { label: string; step: () => Promise<void> | void }[] = [];
  let running: Promise<void> | undefined;
  return {
    add(label, step) {
      steps.push({ label, step });
    },
    run() {
      running ??= (async () => {
        for (const { label, step } of steps.reverse()) {
          try {
            await step();
          } catch (error) {
            log(`bench: cleanup of ${label} failed: ${error instanceof Error ? error.message : String(error)}`);
          }
        }
      })();
      return running;
    },
  };
}
