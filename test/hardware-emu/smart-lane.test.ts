/**
 * The pieces between a smart lane's devices and customs' decision: the e-seal EPC, the
 * weighbridge's stable (demand-mode) reading, the front-end's GATHER_INFO aggregation and
 * customs' check of it.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RngStreams } from '../../sim/kernel/rng.js';
import { esealEpc, sealFromEpc } from '../../hardware-emu/rfid/eseal-epc.js';
import { rfidRead, type RfidTagRead } from '../../hardware-emu/rfid/tag-read.js';
import { weighbridgeStableFrame, weighbridgeStableWeight } from '../../hardware-emu/weighbridge/behaviour.js';
import { mettlerToledo } from '../../hardware-emu/weighbridge/index.js';
import { fromAnpr, fromOcr, gatherInfo, laneCode, type ContainerRead, type LaneReads, type PlateRead } from '../../hardware-emu/gate-frontend/front-end.js';
import { anprXmlCodec } from '../../hardware-emu/anpr/index.js';
import { gatherInfoCodec } from '../../hardware-emu/gate-frontend/gather-info.js';
import { SmartLaneDevices } from '../../hardware-emu/smart-lane.js';
import { checkGatherInfo, gatherReply, REPLY_HINTS, type GateExpectation } from '../../sim/supervision/gate-check.js';

const routing = { areaId: '4201000001', chnlNo: '1000000003', ieType: 'E' as const, seqNo: '00000000000000000042' };

const alert = (licensePlate: string, confidenceLevel: number): PlateRead => fromAnpr(anprXmlCodec.decode(anprXmlCodec.encode({
  namespace: 'http://www.hikvision.com/ver20/XMLSchema', ipAddress: '192.168.1.64', channelID: 1, dateTime: '2026-01-01T08:00:00+08:00',
  eventType: 'ANPR', eventState: 'active', eventDescription: 'ANPR',
  anpr: { country: 'CHN', licensePlate, line: 1, direction: 'forward', confidenceLevel, plateColor: 'blue' },
})));
const tag = (reader: string, epc: string, readCount: number): RfidTagRead => ({ reader, antenna: 1, epc, rssi: -50, timestamp: '2026-01-01T00:00:00.000Z', loop: 'loop1', readCount });
const ocr = (side: 'front' | 'back', containerNumber: string, checkDigitValid: boolean): ContainerRead => fromOcr({
  lane: 'GS3', camera: `GS3-ocr-${side}`, timestamp: '2026-01-01T00:00:00.000Z', containerNumber, sizeType: '45G1',
  characters: [...containerNumber].map((char) => ({ char, confidence: 0.95 })), checkDigitValid, imageRef: 'x.jpg',
});
const scale = (weight: number) => mettlerToledo.decode(mettlerToledo.encode({
  weight, tare: 0, net: false, negative: false, motion: false, overCapacity: false, unit: 'kg', decimals: 0, increment: 1,
  powerUpNotZeroed: false, printRequest: true, expanded: false, checksum: true,
}));

const EPLATE = 'E2801160600002054A1B2C3D';
const truth: GateExpectation = { plate: '沪A12345', eplate: EPLATE, container: 'CSQU3054383', seal: 'AB1234567', declaredGrossKg: 20_000 };
const clean = (): LaneReads => ({
  anpr: [alert('沪A12345', 93)],
  plateTags: [tag('GS3-rfid', EPLATE, 4), tag('GS3-rfid', EPLATE, 2)],
  sealTags: [tag('GS3-eseal', esealEpc('AB1234567'), 3)],
  ocr: [ocr('front', 'CSQU3054383', true), ocr('back', 'CSQU3054383', true)],
  scale: scale(35_000),
  driverCard: 'IC0001',
  vehicleKg: 15_000,
});

describe('e-seal EPC', () => {
  it('carries the seal number and gives it back; a plate EPC is not a seal', () => {
    fc.assert(fc.property(fc.stringMatching(/^[\x21-\x7e]{1,12}$/), (s) => {
      const epc = esealEpc(s);
      expect(epc).toMatch(/^[0-9A-F]{24}$/);
      expect(rfidRead.decode(rfidRead.encode(tag('r', epc, 1))).epc).toBe(epc);
      expect(sealFromEpc(epc)).toBe(s);
    }));
    expect(sealFromEpc(EPLATE)).toBe('');
    expect(() => esealEpc('ABCDEFGHIJKLM')).toThrow(/1-12 printable ASCII/);
  });
});

describe('weighbridge stable reading (demand mode)', () => {
  it('is one stable print-request frame around the load, noise as the continuous stream has it', () => {
    const rng = new RngStreams(3).stream('scale');
    const p = { at: 100, lane: 'L1', plate: '沪A12345', grossKg: 30_000, tareKg: 15_000 };
    const w: number[] = [];
    for (let i = 0; i < 4000; i++) {
      const f = weighbridgeStableFrame(p, weighbridgeStableWeight(p, {}, rng), {});
      expect(f.frame.motion).toBe(false);
      expect(f.frame.printRequest).toBe(true);
      expect(f.frame.weight % 10).toBe(0);
      expect(f.at).toBeGreaterThan(p.at + 3); // after the ramp and the settling
      w.push(f.frame.weight);
    }
    const mean = w.reduce((a, b) => a + b, 0) / w.length;
    const sd = Math.sqrt(w.reduce((a, b) => a + (b - mean) ** 2, 0) / (w.length - 1));
    // noise sd 10 kg, drift 1 kg/√s over ~7 s, a 10 kg division: sd ≈ √(100 + 7 + 100/12) ≈ 10.7
    expect(Math.abs(mean - 30_000)).toBeLessThan(1);
    expect(sd).toBeGreaterThan(9.5);
    expect(sd).toBeLessThan(12);
  });
});

describe('gate front-end: GATHER_INFO from the lane devices', () => {
  it('takes the most confident plate, the e-plate with most replies, agreeing valid container reads, the seal and the stable weight', () => {
    const r = clean();
    r.anpr = [alert('沪A1Z345', 61), alert('沪A12345', 93)];
    r.plateTags = [tag('GS3-rfid', 'E2801160600002054AAAAAAA', 1), tag('GS3-rfid', EPLATE, 5)];
    r.ocr = [ocr('front', 'CSQU3054388', false), ocr('back', 'CSQU3054383', true)];
    const info = gatherInfo(routing, r);
    expect(info.CAR).toMatchObject({ VE_NAME: '沪A12345', CAR_EC_NO: EPLATE, CAR_EC_NO2: 'E2801160600002054AAAAAAA', VE_WT: '15000' });
    expect(info.CONTA).toMatchObject({ CONTA_NUM: '1', CONTA_RECO: '1', CONTA_ID_F: '', CONTA_ID_B: 'CSQU3054383' });
    expect(info.SEAL).toEqual({ ESEAL_ID: 'AB1234567', SEAL_KEY: '' });
    expect(info.WEIGHT).toEqual({ GROSS_WT: '35000' });
    expect(info.IC?.DR_IC_NO).toBe('IC0001');
    // and it is a valid message on the wire
    expect(gatherInfoCodec.decode(gatherInfoCodec.encode(info))).toEqual(info);
  });

  it('reports no recognition when the cameras disagree or read nothing valid', () => {
    const r = clean();
    r.ocr = [ocr('front', 'CSQU3054383', true), ocr('back', 'MSCU1234566', true)];
    expect(gatherInfo(routing, r).CONTA?.CONTA_RECO).toBe('0');
    r.ocr = [];
    expect(gatherInfo(routing, r).CONTA).toMatchObject({ CONTA_NUM: '0', CONTA_RECO: '0' });
  });
});

describe("customs' check at the smart lane", () => {
  it('releases a truck whose reads all match and whose goods weigh as declared', () => {
    const info = gatherInfo(routing, clean());
    const v = checkGatherInfo(info, truth, 0.05);
    expect(v).toEqual({ release: true, misread: false, divert: false, hold: '' });
    expect(gatherReply(info, v)).toMatchObject({ release: 'Y', seqNo: routing.seqNo, chnlNo: routing.chnlNo });
  });

  it('holds for an officer every read that is missing or different, in a fixed order', () => {
    const r = clean();
    r.anpr = [];
    r.sealTags = [];
    r.ocr = [ocr('front', 'CSQU3054383', true), ocr('back', 'MSCU1234566', true)];
    const v = checkGatherInfo(gatherInfo(routing, r), truth, 0.05);
    expect(v).toEqual({ release: false, misread: true, divert: false, hold: 'plate+container+seal' });
    // a truck without an electronic plate cannot be verified by the lane
    expect(checkGatherInfo(gatherInfo(routing, clean()), { ...truth, eplate: '' }, 0.05).hold).toBe('eplate');
    // a tag that is not this truck's
    const swapped = clean();
    swapped.plateTags = [tag('GS3-rfid', 'E2801160600002054AAAAAAA', 3)];
    expect(checkGatherInfo(gatherInfo(routing, swapped), truth, 0.05).hold).toBe('eplate');
  });

  it('diverts to inspection when the goods (weighed less the vehicle) are off the declaration beyond the tolerance', () => {
    const heavy = clean();
    heavy.scale = scale(15_000 + 21_010); // 5.05 % over
    const v = checkGatherInfo(gatherInfo(routing, heavy), truth, 0.05);
    expect(v).toMatchObject({ release: false, misread: false, divert: true, hold: 'weight' });
    expect(gatherReply(gatherInfo(routing, heavy), v)).toMatchObject({ release: 'N', reason: REPLY_HINTS.inspect });
    const within = clean();
    within.scale = scale(15_000 + 20_990);
    expect(checkGatherInfo(gatherInfo(routing, within), truth, 0.05).release).toBe(true);
    const none = clean();
    none.scale = null;
    expect(checkGatherInfo(gatherInfo(routing, none), truth, 0.05)).toMatchObject({ misread: true, divert: false, hold: 'weight' });
  });
});

describe('SmartLaneDevices', () => {
  const truck = { at: 50, lane: 'GS3', plate: '沪A12345', ePlate: EPLATE, containerNumber: 'CSQU3054383', seal: 'AB1234567', grossKg: 35_000, tareKg: 15_000, driverCard: 'IC0001' };

  it('gives a truck the same reads whatever the order trucks come in, and the same in-process and on the wire', () => {
    const a = new SmartLaneDevices(9, { misreadRate: 0.2 }, 'in-process');
    const b = new SmartLaneDevices(9, { misreadRate: 0.2 }, 'wire');
    const strip = (i: ReturnType<SmartLaneDevices['read']>) => ({ ...i, seqNo: '' });
    const first = [0, 1, 2, 3, 4, 5].map((k) => strip(a.read(k, truck)));
    const reversed = [5, 4, 3, 2, 1, 0].map((k) => strip(b.read(k, truck))).reverse();
    expect(reversed).toEqual(first);
    expect(b.wire['gather-info'].frames).toBe(6);
    expect(b.wire['anpr-multipart'].bytes).toBeGreaterThan(0);
    // a misread rate of 0.2 shows up somewhere in six trucks' twenty-four reads
    expect(first.some((i) => checkGatherInfo(i, { ...truth, declaredGrossKg: 20_000 }, 0.05).misread)).toBe(true);
  });

  it('reads perfectly at a misread rate of 0, and refuses a rate outside [0, 1]', () => {
    const d = new SmartLaneDevices(9, { misreadRate: 0 }, 'wire');
    for (let k = 0; k < 50; k++) expect(checkGatherInfo(d.read(k, truck), truth, 0.05).release).toBe(true);
    expect(() => new SmartLaneDevices(9, { misreadRate: 1.5 }, 'wire')).toThrow(/misreadRate/);
  });

  it('drives the barrier through its protocol on the wire: display and open on release, open and close when the truck leaves', () => {
    const d = new SmartLaneDevices(9, { misreadRate: 0 }, 'wire');
    const info = d.read(0, truck);
    d.reply('GS3', gatherReply(info, checkGatherInfo(info, truth, 0.05)), 50);
    d.left('GS3', false, 56);
    expect(d.wire['barrier-command'].frames).toBe(3); // display, open, close
    expect(d.wire['barrier-status'].frames).toBe(3);
    expect(laneCode('GS3')).toBe('1000000003');
  });
});
