/**
 * Where each consignment's lines are in a stream file, so the viewer's panel gets everything the
 * stream says of one consignment without the server holding the stream in memory: one pass
 * records byte ranges per consignment (its own lines, id `C<ref+1>`, and other entities' lines
 * that name its `ref`), then a request reads just those ranges.
 */
import { createReadStream, openSync, readSync, closeSync } from 'node:fs';
import type { ConsignmentDetail } from './tracks-format.js';

const REF = /"ref":(\d+)[,}]/;
const OWN = /^\{"t":[^,]*,"id":"C(\d+)"/;

export class ConsignmentIndex {
  private constructor(
    readonly file: string,
    /** per ref: start, length, start, length … (bytes) */
    private readonly ranges: Map<number, number[]>,
  ) {}

  static async build(file: string): Promise<ConsignmentIndex> {
    const ranges = new Map<number, number[]>();
    let offset = 0;
    let carry: Buffer = Buffer.alloc(0);
    const add = (line: Buffer, start: number) => {
      // identifiers and "ref" are ASCII: latin1 keeps byte positions and never fails
      const s = line.toString('latin1');
      const own = OWN.exec(s);
      const m = own ? Number(own[1]) - 1 : REF.exec(s) ? Number(REF.exec(s)![1]) : -1;
      if (m < 0) return;
      let r = ranges.get(m);
      if (r === undefined) ranges.set(m, (r = []));
      r.push(start, line.length);
    };
    for await (const chunk of createReadStream(file)) {
      let buf = carry.length ? Buffer.concat([carry, chunk as Buffer]) : (chunk as Buffer);
      let from = 0;
      for (let nl = buf.indexOf(10, from); nl >= 0; nl = buf.indexOf(10, from)) {
        add(buf.subarray(from, nl), offset + from);
        from = nl + 1;
      }
      offset += from;
      carry = Buffer.from(buf.subarray(from));
      buf = carry;
    }
    if (carry.length) add(carry, offset);
    return new ConsignmentIndex(file, ranges);
  }

  has(ref: number): boolean {
    return this.ranges.has(ref);
  }

  /** The consignment's events in stream order; null when the stream never mentions it. */
  detail(ref: number): ConsignmentDetail | null {
    const r = this.ranges.get(ref);
    if (r === undefined) return null;
    const fd = openSync(this.file, 'r');
    try {
      const events: ConsignmentDetail['events'] = [];
      for (let i = 0; i < r.length; i += 2) {
        const b = Buffer.alloc(r[i + 1]);
        readSync(fd, b, 0, b.length, r[i]);
        events.push(JSON.parse(b.toString('utf8')));
      }
      return { ref, id: `C${ref + 1}`, events };
    } finally {
      closeSync(fd);
    }
  }
}
