/**
 * 'gather-info' and 'gather-reply': the XML a Chinese customs gate (卡口) front-end sends after a truck is
 * read (IC card, scale, plate/e-plate, container numbers, e-seal) and the customs reply that releases it.
 *
 * GATHER_INFO follows real front-end code: the test frame in zhouhuamin/year2018testproject (ChannelTest*
 * main.cpp, AREA_ID/CHNL_NO/I_E_TYPE/SEQ_NO attributes, sections IC/WEIGHT/CAR/CONTA/SEAL) and a C# front-end
 * whose comments say every IC tag must be present even when empty, SEQ_NO is 20 characters and is echoed back
 * in the release command. Real front-ends send GB2312; decode accepts GB2312/GBK/GB18030 or UTF-8, encode
 * writes UTF-8. Unknown vendor sections (CONTA_PIC, OPTCAR, BARCODE …) are ignored.
 *
 * The reply: we found no authoritative spec. Its fields (CHECK_RESULT, OP_HINT, FORM_ID, SEAL/ESEAL_ID,
 * SEAL_KEY, OPEN_TIMES under a root carrying the same four attributes) are what the gate-side reader in the
 * same code base (CBasicDataAccess::RecordPassResult) looks for; that reader ignores the root name, so
 * `COMMAND_INFO` is our choice, and CHECK_RESULT Y/N (release or hold) is the simplification the issue asks for.
 */
import { guarded, type Codec } from '../codec.js';
import { el, esc, parseRoot, type Elem } from '../xml-doc.js';

/** [required elements, optional elements] per section, in wire order. */
const SECTIONS = {
  IC: [['DR_IC_NO', 'IC_DR_CUSTOMS_NO', 'IC_CO_CUSTOMS_NO', 'IC_BILL_NO', 'IC_GROSS_WT', 'IC_VE_CUSTOMS_NO', 'IC_VE_NAME', 'IC_CONTA_ID', 'IC_ESEAL_ID'],
    ['IC_BUSS_TYPE', 'IC_EX_DATA', 'IC_REG_DATETIME', 'IC_PER_DAY_DUE', 'IC_FORM_TYPE']],
  WEIGHT: [['GROSS_WT'], ['VE_WT', 'GOODS_WT']],
  CAR: [['VE_NAME', 'CAR_EC_NO', 'CAR_EC_NO2', 'VE_CUSTOMS_NO', 'VE_WT'], []],
  CONTA: [['CONTA_NUM', 'CONTA_RECO', 'CONTA_ID_F', 'CONTA_ID_B'], ['CONTA_MODEL_F', 'CONTA_MODEL_B']],
  SEAL: [['ESEAL_ID', 'SEAL_KEY'], ['SEAL_NO']],
} as const;

type Sec = typeof SECTIONS;
type Fields<S extends keyof Sec> = Record<Sec[S][0][number], string> & Partial<Record<Sec[S][1][number], string>>;

export interface GatherInfo {
  /** AREA_ID, 10-digit site code */
  areaId: string;
  /** CHNL_NO, 10-digit lane code */
  chnlNo: string;
  /** I = entering the gate, E = leaving */
  ieType: 'I' | 'E';
  /** SEQ_NO, 20 digits, echoed in the reply */
  seqNo: string;
  chnlType?: string;
  IC?: Fields<'IC'>;
  WEIGHT?: Fields<'WEIGHT'>;
  CAR?: Fields<'CAR'>;
  CONTA?: Fields<'CONTA'>;
  SEAL?: Fields<'SEAL'>;
}

export interface GatherReply {
  areaId: string;
  chnlNo: string;
  ieType: 'I' | 'E';
  seqNo: string;
  /** CHECK_RESULT: Y release, N hold */
  release: 'Y' | 'N';
  /** OP_HINT shown to the driver/operator */
  reason: string;
  formId?: string;
  seal?: { ESEAL_ID: string; SEAL_KEY: string; OPEN_TIMES?: string };
}

const NUMERIC = new Set(['IC_GROSS_WT', 'GROSS_WT', 'VE_WT', 'GOODS_WT']);
const head = '<?xml version="1.0" encoding="UTF-8"?>\n';
const attrs = (f: { areaId: string; chnlNo: string; ieType: string; seqNo: string }) =>
  `AREA_ID="${esc(f.areaId)}" CHNL_NO="${esc(f.chnlNo)}" I_E_TYPE="${esc(f.ieType)}" SEQ_NO="${esc(f.seqNo)}"`;

function encodeInfo(f: GatherInfo): string {
  const body = (Object.keys(SECTIONS) as (keyof Sec)[]).map((s) => {
    const v = f[s] as Record<string, string> | undefined;
    if (!v) return '';
    const [req, opt] = SECTIONS[s];
    return `<${s}>\n${[...req, ...opt].map((k) => el(k, v[k])).filter(Boolean).join('\n')}\n</${s}>\n`;
  });
  const ct = f.chnlType === undefined ? '' : ` CHNL_TYPE="${esc(f.chnlType)}"`;
  return `${head}<GATHER_INFO ${attrs(f)}${ct}>\n${body.join('')}</GATHER_INFO>\n`;
}

/** The four routing attributes both messages carry, checked against the shapes seen in captures. */
function readAttrs(root: Elem) {
  const areaId = root.attr('AREA_ID'), chnlNo = root.attr('CHNL_NO'), ieType = root.attr('I_E_TYPE'), seqNo = root.attr('SEQ_NO');
  if (!/^\d{10}$/.test(areaId)) root.fail('@AREA_ID', `expected 10 digits, got ${JSON.stringify(areaId)}`);
  if (!/^\d{10}$/.test(chnlNo)) root.fail('@CHNL_NO', `expected 10 digits, got ${JSON.stringify(chnlNo)}`);
  if (ieType !== 'I' && ieType !== 'E') root.fail('@I_E_TYPE', `expected I or E, got ${JSON.stringify(ieType)}`);
  if (!/^\d{20}$/.test(seqNo)) root.fail('@SEQ_NO', `expected 20 digits, got ${JSON.stringify(seqNo)}`);
  return { areaId, chnlNo, ieType: ieType as 'I' | 'E', seqNo };
}

function decodeInfo(bytes: Uint8Array): GatherInfo {
  const root = parseRoot(INFO, bytes, 'GATHER_INFO');
  const out: GatherInfo = readAttrs(root);
  const ct = root.optAttr('CHNL_TYPE');
  if (ct !== undefined) out.chnlType = ct;
  for (const s of Object.keys(SECTIONS) as (keyof Sec)[]) {
    const e = root.optChild(s);
    if (!e) continue;
    const [req, opt] = SECTIONS[s];
    const v: Record<string, string> = {};
    for (const k of req) v[k] = e.leaf(k);
    for (const k of opt) {
      const t = e.optText(k);
      if (t !== undefined) v[k] = t;
    }
    for (const [k, t] of Object.entries(v)) if (NUMERIC.has(k) && t !== '' && !/^\d+(\.\d+)?$/.test(t)) e.fail(k, `not a weight: ${JSON.stringify(t)}`);
    if (s === 'CONTA' && !/^[012]?$/.test(v.CONTA_NUM)) e.fail('CONTA_NUM', `expected 0, 1 or 2 containers, got ${JSON.stringify(v.CONTA_NUM)}`);
    (out as unknown as Record<string, unknown>)[s] = v;
  }
  return out;
}

function encodeReply(r: GatherReply): string {
  const seal = r.seal ? `<SEAL>${el('ESEAL_ID', r.seal.ESEAL_ID)}${el('SEAL_KEY', r.seal.SEAL_KEY)}${el('OPEN_TIMES', r.seal.OPEN_TIMES)}</SEAL>\n` : '';
  return `${head}<COMMAND_INFO ${attrs(r)}>\n${el('CHECK_RESULT', r.release)}\n${el('OP_HINT', r.reason)}\n` +
    `${r.formId === undefined ? '' : el('FORM_ID', r.formId) + '\n'}${seal}</COMMAND_INFO>\n`;
}

function decodeReply(bytes: Uint8Array): GatherReply {
  const root = parseRoot(REPLY, bytes, 'COMMAND_INFO');
  const base = readAttrs(root);
  const cr = root.leaf('CHECK_RESULT');
  const release = cr === 'Y' || cr === 'N' ? cr : root.fail('CHECK_RESULT', `expected Y or N, got ${JSON.stringify(cr)}`);
  const out: GatherReply = { ...base, release, reason: root.optText('OP_HINT') ?? '' };
  const formId = root.optText('FORM_ID');
  if (formId !== undefined) out.formId = formId;
  const s = root.optChild('SEAL');
  if (s) {
    out.seal = { ESEAL_ID: s.leaf('ESEAL_ID'), SEAL_KEY: s.leaf('SEAL_KEY') };
    const t = s.optText('OPEN_TIMES');
    if (t !== undefined) out.seal.OPEN_TIMES = t;
  }
  return out;
}

const INFO = 'gather-info';
const REPLY = 'gather-reply';
const utf8Bytes = (s: string) => new TextEncoder().encode(s);

export const gatherInfoCodec: Codec<GatherInfo> = {
  format: INFO,
  encode: (f) => utf8Bytes(encodeInfo(f)),
  decode: (bytes) => guarded(INFO, bytes, decodeInfo),
};

export const gatherReplyCodec: Codec<GatherReply> = {
  format: REPLY,
  encode: (r) => utf8Bytes(encodeReply(r)),
  decode: (bytes) => guarded(REPLY, bytes, decodeReply),
};

export { SECTIONS as GATHER_SECTIONS };
