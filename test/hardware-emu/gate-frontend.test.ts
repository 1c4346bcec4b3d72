import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { enc, onlyDecodeErrors, problem, truncationsAre } from './codec-properties.js';
import { DecodeError } from '../../hardware-emu/codec.js';
import { codecs, gatherInfoCodec, gatherReplyCodec, type GatherInfo, type GatherReply } from '../../hardware-emu/gate-frontend/index.js';
import { GATHER_SECTIONS } from '../../hardware-emu/gate-frontend/gather-info.js';

const xmlText = (min = 0) =>
  fc
    .string({ unit: fc.constantFrom('A', 'z', '0', '9', ' ', '&', '<', '>', '"', "'", '|', '粤', '闽', '黄', '卡', '口'), minLength: min, maxLength: 16 })
    .map((s) => s.trim())
    .filter((s) => s.length >= min);
const digits = (n: number) => fc.stringMatching(new RegExp(`^[0-9]{${n}}$`));
const weight = fc.oneof(fc.constant(''), fc.integer({ min: 0, max: 99_999 }).map(String), fc.integer({ min: 0, max: 9_999_999 }).map((n) => (n / 100).toFixed(2)));
const valueFor = (k: string) => (k.endsWith('_WT') ? weight : k === 'CONTA_NUM' ? fc.constantFrom('', '0', '1', '2') : xmlText());

const section = (s: keyof typeof GATHER_SECTIONS) => {
  const [req, opt] = GATHER_SECTIONS[s];
  const model: Record<string, fc.Arbitrary<string>> = {};
  for (const k of [...req, ...opt]) model[k] = valueFor(k);
  return fc.record(model, { requiredKeys: [...req] });
};
const plain = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T; // plain prototypes for toStrictEqual
const routing = { areaId: digits(10), chnlNo: digits(10), ieType: fc.constantFrom('I' as const, 'E' as const), seqNo: digits(20) };

const infoArb = fc
  .record(
    {
      ...routing,
      chnlType: fc.constantFrom('0', '1'),
      IC: section('IC'), WEIGHT: section('WEIGHT'), CAR: section('CAR'), CONTA: section('CONTA'), SEAL: section('SEAL'),
    },
    { requiredKeys: ['areaId', 'chnlNo', 'ieType', 'seqNo'] },
  )
  .map((x) => plain(x) as GatherInfo);

const replyArb = fc
  .record(
    {
      ...routing,
      release: fc.constantFrom('Y' as const, 'N' as const),
      reason: xmlText(),
      formId: xmlText(),
      seal: fc.record({ ESEAL_ID: xmlText(), SEAL_KEY: xmlText(), OPEN_TIMES: digits(2) }, { requiredKeys: ['ESEAL_ID', 'SEAL_KEY'] }),
    },
    { requiredKeys: ['areaId', 'chnlNo', 'ieType', 'seqNo', 'release', 'reason'] },
  )
  .map((x) => plain(x) as GatherReply);


/**
 * The test frame a gate channel controller sends, from zhouhuamin/year2018testproject ChannelTest_nd/main.cpp
 * (pthread_channel_test; SEQ_NO = "20161125173118" + "%06d" of 0). The plate appears there as GB2312 bytes
 * shown as Latin-1 ("»ÆÃöD66681" = 黄闽D66681). Verbatim (only four of six CONTA_PIC paths dropped),
 * including its missing space before CHNL_TYPE.
 */
const CHANNEL_TEST = `<GATHER_INFO AREA_ID="3711210009" CHNL_NO="3711020009" I_E_TYPE="I" SEQ_NO="20161125173118000000"CHNL_TYPE="0">

<IC>
<DR_IC_NO></DR_IC_NO>
<IC_DR_CUSTOMS_NO></IC_DR_CUSTOMS_NO>
<IC_CO_CUSTOMS_NO></IC_CO_CUSTOMS_NO>
<IC_BILL_NO></IC_BILL_NO>
<IC_GROSS_WT></IC_GROSS_WT>
<IC_VE_CUSTOMS_NO></IC_VE_CUSTOMS_NO>
<IC_VE_NAME></IC_VE_NAME>
<IC_CONTA_ID></IC_CONTA_ID>
<IC_ESEAL_ID></IC_ESEAL_ID>
<IC_EX_DATA>123</IC_EX_DATA>
<IC_REG_DATETIME></IC_REG_DATETIME>
<IC_PER_DAY_DUE></IC_PER_DAY_DUE>
<IC_FORM_TYPE></IC_FORM_TYPE>
</IC>


<WEIGHT>
<GROSS_WT></GROSS_WT>
</WEIGHT>


<CAR>
<VE_NAME>黄闽D66681</VE_NAME>
<CAR_EC_NO>E0040000F4F0BE05</CAR_EC_NO>
<CAR_EC_NO2></CAR_EC_NO2>
<VE_CUSTOMS_NO></VE_CUSTOMS_NO>
<VE_WT></VE_WT>
</CAR>


<CONTA><CONTA_NUM>1</CONTA_NUM><CONTA_RECO>1</CONTA_RECO><CONTA_ID_F>FSCU9390315</CONTA_ID_F><CONTA_ID_B></CONTA_ID_B><CONTA_MODEL_F>45G1</CONTA_MODEL_F><CONTA_MODEL_B></CONTA_MODEL_B></CONTA><CONTA_PIC><CONTA_PIC_F>/dev/shm/676c0f1d-b3bf-4fb4-8d4b-dfc04752ef3a.jpg</CONTA_PIC_F><CONTA_PIC_B>/dev/shm/cd7d858c-94a9-4c62-8a3b-ead4dca6ed25.jpg</CONTA_PIC_B></CONTA_PIC>

<SEAL>
<ESEAL_ID></ESEAL_ID>
<SEAL_KEY></SEAL_KEY>
</SEAL>


<OPTCAR><PCAR_NO>黄闽D66681</PCAR_NO><PCAR_NO_PICNAME></PCAR_NO_PICNAME><PCAR_PICNAME>/root/recvpic/20151014173015336_big.jpg</PCAR_PICNAME></OPTCAR>


</GATHER_INFO>
`;
const FIXED = CHANNEL_TEST.replace('"CHNL_TYPE', '" CHNL_TYPE');
/** GB2312 bytes as the front-end puts them on the wire; 黄闽 = BB C6 C3 F6, the rest is ASCII */
const gb2312 = (s: string) =>
  Uint8Array.from(s.split('黄闽').flatMap((part, i) => [...(i ? [0xbb, 0xc6, 0xc3, 0xf6] : []), ...enc(part)]));

const CHANNEL_TEST_VALUE: GatherInfo = {
  areaId: '3711210009', chnlNo: '3711020009', ieType: 'I', seqNo: '20161125173118000000', chnlType: '0',
  IC: {
    DR_IC_NO: '', IC_DR_CUSTOMS_NO: '', IC_CO_CUSTOMS_NO: '', IC_BILL_NO: '', IC_GROSS_WT: '', IC_VE_CUSTOMS_NO: '', IC_VE_NAME: '',
    IC_CONTA_ID: '', IC_ESEAL_ID: '', IC_EX_DATA: '123', IC_REG_DATETIME: '', IC_PER_DAY_DUE: '', IC_FORM_TYPE: '',
  },
  WEIGHT: { GROSS_WT: '' },
  CAR: { VE_NAME: '黄闽D66681', CAR_EC_NO: 'E0040000F4F0BE05', CAR_EC_NO2: '', VE_CUSTOMS_NO: '', VE_WT: '' },
  CONTA: { CONTA_NUM: '1', CONTA_RECO: '1', CONTA_ID_F: 'FSCU9390315', CONTA_ID_B: '', CONTA_MODEL_F: '45G1', CONTA_MODEL_B: '' },
  SEAL: { ESEAL_ID: '', SEAL_KEY: '' },
};

describe('gather-info', () => {
  it('is listed in codecs', () => expect(codecs.map((c) => c.format)).toEqual(['gather-info', 'gather-reply']));

  it('round-trips generated frames', () => {
    fc.assert(
      fc.property(infoArb, (f) => {
        expect(gatherInfoCodec.decode(gatherInfoCodec.encode(f))).toStrictEqual(f);
      }),
    );
  });

  it('the channel-test frame verbatim is malformed XML (no space between attributes)', () => {
    expect(problem(() => gatherInfoCodec.decode(enc(CHANNEL_TEST)))).toBe('syntax');
  });

  it('decodes the channel-test frame (space fixed) as UTF-8 and as declared GB2312, ignoring vendor sections', () => {
    expect(gatherInfoCodec.decode(enc(FIXED))).toStrictEqual(CHANNEL_TEST_VALUE);
    const gb = gb2312('<?xml version="1.0" encoding="GB2312"?>\n' + FIXED);
    expect(gatherInfoCodec.decode(gb)).toStrictEqual(CHANNEL_TEST_VALUE);
    // undeclared GB2312 bytes are not UTF-8
    expect(problem(() => gatherInfoCodec.decode(gb2312(FIXED)))).toBe('syntax');
  });

  it('rejects bad fields with field errors', () => {
    for (const [from, to] of [
      ['AREA_ID="3711210009"', 'AREA_ID="37112"'],
      ['I_E_TYPE="I"', 'I_E_TYPE="X"'],
      ['SEQ_NO="20161125173118000000"', 'SEQ_NO=""'],
      ['<GROSS_WT></GROSS_WT>', '<GROSS_WT>12t</GROSS_WT>'],
      ['<CONTA_NUM>1<', '<CONTA_NUM>3<'],
      ['<CAR_EC_NO2></CAR_EC_NO2>', ''],
      ['<IC_BILL_NO></IC_BILL_NO>', '<IC_BILL_NO></IC_BILL_NO><IC_BILL_NO></IC_BILL_NO>'],
    ]) {
      expect(problem(() => gatherInfoCodec.decode(enc(FIXED.replace(from, to))))).toBe('field');
    }
  });

  it('malformed or truncated XML is a syntax error', () => {
    const good = gatherInfoCodec.encode(CHANNEL_TEST_VALUE);
    truncationsAre(gatherInfoCodec, good, 'syntax');
  });

  it('random bytes, strings and mutations only ever raise DecodeError', () => {
    const good = gatherInfoCodec.encode(CHANNEL_TEST_VALUE);
    onlyDecodeErrors(gatherInfoCodec, good);
  });
});

describe('gather-reply', () => {
  const reply: GatherReply = {
    areaId: '3711210009', chnlNo: '3711020009', ieType: 'I', seqNo: '20161125173118000000', release: 'N',
    reason: '查验：请驶入查验区 & 等待', formId: 'F001', seal: { ESEAL_ID: 'E123', SEAL_KEY: 'K9', OPEN_TIMES: '02' },
  };

  it('round-trips generated replies', () => {
    fc.assert(
      fc.property(replyArb, (r) => {
        expect(gatherReplyCodec.decode(gatherReplyCodec.encode(r))).toStrictEqual(r);
      }),
    );
  });

  it('echoes the routing attributes and carries release and reason', () => {
    const xml = new TextDecoder().decode(gatherReplyCodec.encode(reply));
    expect(xml).toContain('<COMMAND_INFO AREA_ID="3711210009" CHNL_NO="3711020009" I_E_TYPE="I" SEQ_NO="20161125173118000000">');
    expect(xml).toContain('<CHECK_RESULT>N</CHECK_RESULT>');
    expect(xml).toContain('<OP_HINT>查验：请驶入查验区 &amp; 等待</OP_HINT>');
  });

  it('rejects a CHECK_RESULT other than Y/N, and truncation', () => {
    const xml = new TextDecoder().decode(gatherReplyCodec.encode(reply));
    expect(problem(() => gatherReplyCodec.decode(enc(xml.replace('>N</CHECK', '>00000000</CHECK'))))).toBe('field');
    expect(problem(() => gatherReplyCodec.decode(enc(xml.replace('COMMAND_INFO', 'GATHER_INFO').replace('/COMMAND_INFO', '/GATHER_INFO'))))).toBe('field');
    const good = enc(xml);
    truncationsAre(gatherReplyCodec, good, 'syntax');
  });

  it('random bytes and strings only ever raise DecodeError', () => {
    fc.assert(fc.property(fc.oneof(fc.uint8Array(), fc.string().map(enc)), (b) => void problem(() => gatherReplyCodec.decode(b))));
  });
});
