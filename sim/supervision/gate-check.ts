/**
 * The smart-lane verdict: customs' check of a truck at a smart exit lane (卡口自动核放): the front-end's GATHER_INFO against
 * what the release covers (plate, electronic plate, container, e-seal, declared gross weight).
 * All reads match: release, the barrier opens. A read missing or different: the truck is held
 * for an officer at the lane (a misread, or a swap the officer must rule out). Weight off the
 * declaration by more than the tolerance: diverted to inspection. One function for the
 * simulation, the emulated gate and the live twin.
 */
import type { GatherInfo, GatherReply } from '../../hardware-emu/gate-frontend/gather-info.js';

/** What the release says the truck must show. */
export interface GateExpectation {
  plate: string;
  /** '' when the truck has no electronic plate (a smart lane cannot verify it: held) */
  eplate: string;
  container: string;
  seal: string;
  declaredGrossKg: number;
}

export interface GateVerdict {
  release: boolean;
  /** a read missing or not matching: an officer checks the truck at the lane */
  misread: boolean;
  /** weight off the declaration beyond the tolerance: to inspection */
  divert: boolean;
  /** what held the truck, '+'-joined in a fixed order (plate, eplate, container, seal, weight); '' when released */
  hold: string;
}

export function checkGatherInfo(info: GatherInfo, exp: GateExpectation, weightTolerance: number): GateVerdict {
  const held: string[] = [];
  const car = info.CAR;
  if (car === undefined || car.VE_NAME !== exp.plate) held.push('plate');
  if (exp.eplate === '' || car === undefined || (car.CAR_EC_NO !== exp.eplate && car.CAR_EC_NO2 !== exp.eplate)) held.push('eplate');
  const c = info.CONTA;
  if (c === undefined || c.CONTA_RECO !== '1' || (c.CONTA_ID_F !== '' && c.CONTA_ID_F !== exp.container) || (c.CONTA_ID_B !== '' && c.CONTA_ID_B !== exp.container)) held.push('container');
  if (info.SEAL === undefined || info.SEAL.ESEAL_ID !== exp.seal) held.push('seal');
  // the goods' gross is what the weighbridge weighed less the vehicle's registered weight
  const vehicle = info.CAR === undefined || info.CAR.VE_WT === '' ? 0 : Number(info.CAR.VE_WT);
  const gross = info.WEIGHT === undefined || info.WEIGHT.GROSS_WT === '' ? NaN : Number(info.WEIGHT.GROSS_WT) - vehicle;
  // no weight is no evidence either way: the officer at the lane weighs it again (a misread)
  if (Number.isNaN(gross)) held.push('weight');
  const misread = held.length > 0;
  const divert = Math.abs(gross - exp.declaredGrossKg) > weightTolerance * exp.declaredGrossKg;
  if (divert) held.push('weight');
  return { release: held.length === 0, misread, divert, hold: held.join('+') };
}

/** What the lane's LED shows for each outcome (the reply's OP_HINT; the panel shows 32 characters). */
export const REPLY_HINTS = { release: '放行 RELEASE', hold: '停车待检 WAIT FOR OFFICER', inspect: '进入查验区 TO INSPECTION' } as const;

/** The customs reply the front-end gets back: release Y/N, and what the lane's display tells the driver (which reads held it: `gate.gathered`). */
export function gatherReply(info: GatherInfo, v: GateVerdict): GatherReply {
  const reason = v.release ? REPLY_HINTS.release : v.divert ? REPLY_HINTS.inspect : REPLY_HINTS.hold;
  return { areaId: info.areaId, chnlNo: info.chnlNo, ieType: info.ieType, seqNo: info.seqNo, release: v.release ? 'Y' : 'N', reason };
}
