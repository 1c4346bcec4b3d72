/**
 * The officers of one role and the work waiting for them. Officers come on and go off duty by
 * daily shift windows; a task goes to an officer drawn at random among those free (the "double
 * random" dispatch rule, 双随机: neither the enterprise nor the officer chooses who inspects), never to one whose
 * shift would end before the task does, so officer time never exceeds shift time. Tasks wait in
 * two first-in-first-out lines, urgent (a truck waits on them) before deferred (re-checks).
 *
 * Each officer is an officer machine (officer.machine.ts); this dispatcher is the world's side.
 */
import type { Entity } from '../engine/executor.js';
import type { Simulation } from '../engine/simulation.js';
import { Priority } from '../kernel/scheduler.js';
import type { Rng } from '../kernel/rng.js';
import { timeOfDaySeconds } from '../kernel/resource.js';
import { Tally, TimeWeighted } from '../kernel/stats.js';
import type { SkillSpec, StaffWindow } from '../supervision/port-config.js';
import { VIOLATION_TYPES } from '../supervision/vocabulary.js';
import { officerMachine, type OfficerEvent } from './officer.machine.js';

const DAY = 86400;
/** how far down a line an officer looks for a task that fits the rest of the shift */
const SCAN_LIMIT = 32;
/**
 * No task is longer than this share of a shift (a longer one could never be started and would
 * wait forever); work contents are capped to it.
 */
const MAX_WORK_SHARE = 0.9;

/** A task for an officer: `baseS` is the work at speed 1, `u` the consignment's uniform for this check. */
export class Task {
  constructor(
    readonly kind: number,
    readonly ref: number,
    readonly baseS: number,
    readonly violation: number,
    readonly u: number,
    readonly queuedAt: number,
  ) {}
}

class Officer {
  onDuty = false;
  /** on duty, not busy, and still taking tasks this shift */
  free = false;
  busy = false;
  shiftEnd = 0;
  shiftLen = 0;
  task: Task | null = null;
  constructor(
    readonly entity: Entity,
    readonly speed: number,
  ) {}
}

/** What a finished task says: `suspect` is the officer's verdict. */
export type TaskResult = (task: Task, suspect: boolean) => void;

export interface PoolReport {
  role: string;
  officers: number;
  tasks: number;
  /** officer-seconds on duty and busy since the last reset */
  on_duty_s: number;
  busy_s: number;
  utilisation: number;
  /** time-average number of tasks waiting; mean wait of tasks started; arrival rate (per s) */
  mean_queue: number;
  max_queue: number;
  mean_wait_s: number;
  arrivals: number;
  started: number;
  waiting: number;
}

export class OfficerPool {
  readonly officers: Officer[] = [];
  private readonly lines: Task[][] = [[], []];
  private readonly heads = [0, 0];
  private readonly freeList: number[] = [];
  private readonly queueLen: TimeWeighted;
  private readonly busyCount: TimeWeighted;
  private readonly onDutyCount: TimeWeighted;
  private readonly waits = new Tally();
  private nBusy = 0;
  private nOnDuty = 0;
  arrivals = 0;
  tasks = 0;
  private started = 0;
  private statsSince = 0;

  constructor(
    private readonly sim: Simulation,
    readonly role: string,
    readonly roleIndex: number,
    windows: readonly StaffWindow[],
    skill: SkillSpec,
    /** first global officer index of this pool (officer events carry global indices) */
    readonly firstIndex: number,
    skillRng: Rng,
    private readonly dispatchRng: Rng,
    private readonly onResult: TaskResult,
  ) {
    const now = sim.now;
    this.queueLen = new TimeWeighted(now, 0);
    this.busyCount = new TimeWeighted(now, 0);
    this.onDutyCount = new TimeWeighted(now, 0);
    for (const w of windows) {
      const from = timeOfDaySeconds(w.from) % DAY;
      const to = timeOfDaySeconds(w.to) % DAY;
      const len = to > from ? to - from : DAY - from + to;
      const members: Officer[] = [];
      for (let k = 0; k < w.officers; k++) {
        const speed = skill.speedMin + (skill.speedMax - skill.speedMin) * skillRng.next();
        const sharp = 0.85 + 0.3 * skillRng.next(); // individual accuracy around the role's
        const detect = [skill.falseAlarm, ...VIOLATION_TYPES.map((v) => Math.min(1, skill.detect[v] * sharp))];
        const index = firstIndex + this.officers.length;
        const entity = sim.spawn(officerMachine, `O${role === 'doc_reviewer' ? 'D' : role[0].toUpperCase()}${index}`, {
          index,
          role: roleIndex,
          speed,
          detect,
        });
        const o = new Officer(entity, speed);
        o.shiftLen = len;
        members.push(o);
        this.officers.push(o);
      }
      if (members.length > 0) this.planShift(members, from, len);
    }
  }

  get size(): number {
    return this.officers.length;
  }

  /** Queues a task; it starts at once if a suitable officer is free. */
  submit(task: Task, urgent: boolean): void {
    this.arrivals++;
    this.lines[urgent ? 0 : 1].push(task);
    this.queueLen.update(this.sim.now, this.waiting);
    this.dispatch();
  }

  get waiting(): number {
    return this.lines[0].length - this.heads[0] + this.lines[1].length - this.heads[1];
  }

  /** Called by the site for `officer.task_done` of one of this pool's officers. */
  done(globalIndex: number, suspect: boolean): void {
    const o = this.officers[globalIndex - this.firstIndex];
    const task = o.task!;
    o.task = null;
    o.busy = false;
    this.nBusy--;
    this.busyCount.update(this.sim.now, this.nBusy);
    if (o.onDuty && this.sim.now < o.shiftEnd) {
      o.free = true;
      this.freeList.push(globalIndex - this.firstIndex);
    }
    this.onResult(task, suspect);
    this.dispatch();
  }

  /**
   * Starts statistics afresh (end of warm-up). Tasks waiting now count as arrivals of the new
   * window, their waits from now: Little's law then holds over the window.
   */
  resetStats(now: number): void {
    this.queueLen.reset(now);
    this.busyCount.reset(now);
    this.onDutyCount.reset(now);
    this.waits.reset();
    this.arrivals = this.waiting;
    this.started = 0;
    this.tasks = 0;
    this.statsSince = now;
  }

  report(now: number, since: number): PoolReport {
    const span = now - since;
    const onDuty = this.onDutyCount.mean(now) * span;
    const busy = this.busyCount.mean(now) * span;
    return {
      role: this.role,
      officers: this.officers.length,
      tasks: this.tasks,
      on_duty_s: onDuty,
      busy_s: busy,
      utilisation: onDuty > 0 ? busy / onDuty : NaN,
      mean_queue: this.queueLen.mean(now),
      max_queue: this.queueLen.max,
      mean_wait_s: this.waits.n > 0 ? this.waits.mean : NaN,
      arrivals: this.arrivals,
      started: this.started,
      waiting: this.waiting,
    };
  }

  private dispatch(): void {
    const now = this.sim.now;
    const free = this.freeList;
    while (free.length > 0 && this.waiting > 0) {
      // double random: any free officer, drawn with equal chance
      const j = Math.floor(this.dispatchRng.next() * free.length);
      const local = free[j];
      free[j] = free[free.length - 1];
      free.pop();
      const o = this.officers[local];
      o.free = false;
      // the first waiting task (urgent before deferred) this officer can finish before the shift
      // ends; none: the officer takes no more work this shift
      let line = -1;
      let at = -1;
      let work = 0;
      for (let l = 0; l < 2 && line < 0; l++) {
        const tasks = this.lines[l];
        const end = Math.min(tasks.length, this.heads[l] + SCAN_LIMIT);
        for (let i = this.heads[l]; i < end; i++) {
          const w = Math.min(tasks[i].baseS * o.speed, MAX_WORK_SHARE * o.shiftLen);
          if (now + w < o.shiftEnd) {
            line = l;
            at = i;
            work = w;
            break;
          }
        }
      }
      if (line < 0) continue;
      const task = this.take(line, at);
      this.waits.add(now - (task.queuedAt > this.statsSince ? task.queuedAt : this.statsSince));
      this.started++;
      this.tasks++;
      o.busy = true;
      o.task = task;
      this.nBusy++;
      this.busyCount.update(now, this.nBusy);
      this.sim.send(o.entity, { type: 'TASK', at: now, kind: task.kind, ref: task.ref, workS: work, violation: task.violation, u: task.u } satisfies OfficerEvent);
    }
  }

  /** Removes and returns task `i` of `line` (a few places behind the head at most). */
  private take(line: number, i: number): Task {
    const l = this.lines[line];
    const head = this.heads[line];
    const task = l[i];
    for (let k = i; k > head; k--) l[k] = l[k - 1];
    const h = ++this.heads[line];
    if (h === l.length) {
      l.length = 0;
      this.heads[line] = 0;
    } else if (h >= 1024 && h * 2 >= l.length) {
      l.splice(0, h);
      this.heads[line] = 0;
    }
    this.queueLen.update(this.sim.now, this.waiting);
    return task;
  }

  /** Daily shift of `members` from `from` (s after midnight) for `len` seconds. */
  private planShift(members: Officer[], from: number, len: number): void {
    const now = this.sim.now;
    const dayStart = Math.floor(now / DAY) * DAY;
    // a window that began yesterday (crossing midnight) and is still on: start it now
    let start = dayStart + from - DAY;
    if (start + len <= now) start += DAY;
    if (start + len <= now) start += DAY;
    const begin = (s: number): void => {
      const t = this.sim.now;
      const end = s + len;
      for (const o of members) {
        o.onDuty = true;
        o.shiftEnd = end;
        // never busy here (a task ends strictly before its shift), but never twice on the list either
        o.free = !o.busy;
        if (o.free) this.freeList.push(this.officers.indexOf(o));
        this.sim.send(o.entity, { type: 'SHIFT_START', at: t, until: end } satisfies OfficerEvent);
      }
      this.nOnDuty += members.length;
      this.onDutyCount.update(t, this.nOnDuty);
      this.sim.at(end, finish, s, Priority.calendar);
      this.dispatch();
    };
    const finish = (s: number): void => {
      const t = this.sim.now;
      for (const o of members) {
        o.onDuty = false;
        if (o.free) {
          o.free = false;
          const k = this.freeList.indexOf(this.officers.indexOf(o));
          if (k >= 0) this.freeList.splice(k, 1);
        }
        this.sim.send(o.entity, { type: 'SHIFT_END', at: t } satisfies OfficerEvent);
      }
      this.nOnDuty -= members.length;
      this.onDutyCount.update(t, this.nOnDuty);
      this.sim.at(s + DAY, begin, s + DAY, Priority.calendar);
    };
    this.sim.at(Math.max(now, start), begin, start, Priority.calendar);
  }
}
