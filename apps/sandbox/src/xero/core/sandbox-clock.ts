// The one sandbox clock. Scaled (clockScale sandbox seconds per real second) and movable through
// the control API; token lifetimes, rate-limit windows and webhook retries all read it.
export class SandboxClock {
  private readonly realStart = Date.now();
  private offsetMs = 0;

  constructor(readonly scale: number) {}

  /** Sandbox time in epoch milliseconds. Starts at real time, then runs `scale` times faster. */
  now(): number {
    return this.realStart + (Date.now() - this.realStart) * this.scale + this.offsetMs;
  }

  nowDate(): Date {
    return new Date(this.now());
  }

  advance(seconds: number): void {
    if (!(seconds >= 0)) throw new Error('the clock only moves forward');
    this.offsetMs += seconds * 1000;
  }

  /** Real milliseconds that `sandboxMs` of sandbox time take. */
  toRealMs(sandboxMs: number): number {
    return sandboxMs / this.scale;
  }
}
