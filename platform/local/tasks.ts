/**
 * Background runs of functions inside the emulator (the deliver queue after a push, timers). Kicks
 * of a function that is already running coalesce into one more run after it, so a burst of pushes
 * costs one extra drain, not one each.
 */
export class BackgroundTasks {
  private running = new Map<string, Promise<void>>();
  private again = new Set<string>();

  constructor(private readonly run: (name: string, event: Record<string, unknown>) => Promise<void>) {}

  kick(name: string, event: Record<string, unknown>): void {
    if (this.running.has(name)) {
      this.again.add(name);
      return;
    }
    const loop = (async () => {
      do {
        this.again.delete(name);
        try {
          await this.run(name, event);
        } catch (error) {
          console.error(`[tasks] ${name} failed:`, error);
        }
      } while (this.again.has(name));
    })();
    this.running.set(name, loop);
    void loop.finally(() => this.running.delete(name));
  }

  /** Resolves when nothing runs in the background (runs kicked meanwhile included). */
  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.all(this.running.values());
  }
}
