/**
 * Playback clock: simulated time t in [t0, t1], play / pause, speed (simulated s per wall s).
 * Live mode: t1 is the twin's now and moves on; `following` keeps t at t1 (the live edge). A seek
 * back leaves the edge; playing faster than 1× catches up with it, and follows again once there.
 */

export const SPEEDS = [1, 10, 60, 600, 3600] as const;

export class PlaybackClock {
  t: number;
  playing = false;
  speed: number = 60;
  /** set by seek(); the frame loop snaps the trucks and clears it */
  jumped = true;
  private readonly listeners: (() => void)[] = [];

  following = false;

  constructor(readonly t0: number, public t1: number, start = t0, readonly live = false) {
    this.t = Math.min(t1, Math.max(t0, start));
  }

  onChange(f: () => void): void {
    this.listeners.push(f);
  }

  private changed(): void {
    for (const f of this.listeners) f();
  }

  /** Advance by dt wall seconds; stops at the end. */
  tick(dtWall: number): void {
    if (this.following) {
      this.t = this.t1;
      return;
    }
    if (!this.playing) return;
    this.t += dtWall * this.speed;
    if (this.live && this.t >= this.t1) {
      this.goLive();
      return;
    }
    if (this.t >= this.t1) {
      this.t = this.t1;
      this.playing = false;
      this.changed();
    }
  }

  seek(t: number): void {
    const v = Math.min(this.t1, Math.max(this.t0, Number.isFinite(t) ? t : this.t0));
    this.t = v;
    this.jumped = true;
    // a seek to the edge is a return to it, when playing (paused stays paused: it does not move on with the twin)
    this.following = this.live && this.playing && v >= this.t1;
    this.changed();
  }

  /** Live mode: to the twin's now, and stay there. */
  goLive(): void {
    if (!this.live) return;
    this.t = this.t1;
    this.following = true;
    this.playing = true;
    this.speed = 1;
    this.jumped = true;
    this.changed();
  }

  play(): void {
    if (this.live && this.t >= this.t1) return this.goLive();
    if (this.t >= this.t1) this.seek(this.t0);
    this.playing = true;
    this.changed();
  }

  pause(): void {
    this.playing = false;
    this.following = false;
    this.changed();
  }

  toggle(): void {
    if (this.playing) this.pause(); else this.play();
  }

  setSpeed(s: number): void {
    this.speed = s;
    this.changed();
  }

  /** +1 faster / −1 slower through SPEEDS */
  stepSpeed(dir: 1 | -1): void {
    let k = SPEEDS.findIndex((s) => s >= this.speed);
    if (k < 0) k = SPEEDS.length - 1;
    k = Math.max(0, Math.min(SPEEDS.length - 1, k + dir));
    this.setSpeed(SPEEDS[k]);
  }
}
