/** CloudBase's timer trigger event (`{Type: 'Timer', TriggerName, Time}`). */
export const isTimerEvent = (event: unknown): event is { Type: 'Timer'; TriggerName?: unknown } =>
  typeof event === 'object' && event !== null && (event as { Type?: unknown }).Type === 'Timer';
