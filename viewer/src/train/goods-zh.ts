/**
 * Chinese names of the goods, countries and units the exercises show, keyed by the catalog's codes
 * (HS subheading, ISO country code, unit code of sim/supervision/hs-catalog.ts). The server sends
 * the catalog's English text; it is mapped back to its code through the same catalog (exact text,
 * no guessing), so a renamed heading shows in English rather than under a wrong name.
 * Pure data (no DOM): the i18n module picks by the page language, a test checks every code has a name.
 */
import { HS_HEADINGS, ORIGINS } from '../../../sim/supervision/hs-catalog.js';

/** names after the Chinese tariff's wording, shortened as a reviewer's screen would show them */
export const GOODS_ZH: Readonly<Record<string, string>> = {
  '030617': '冻虾及对虾',
  '050790': '未加工的象牙、龟壳、兽角、鹿角、鳞甲（濒危物种）',
  '081060': '鲜榴莲',
  '220300': '麦芽酿造的啤酒',
  '220421': '鲜葡萄酿造的酒，装入 2 升及以下容器',
  '220830': '威士忌酒',
  '230120': '饲料用鱼粉及团粒',
  '240120': '部分或全部去梗的烟草',
  '240220': '含烟草的卷烟',
  '271019': '石油润滑油及润滑脂',
  '293941': '麻黄碱及其盐（易制毒化学品）',
  '300390': '未配定剂量的药品（散装）',
  '300490': '已配定剂量的其他药品',
  '330499': '美容品、化妆品及护肤品',
  '382499': '其他化学产品及配制品',
  '390110': '初级形状的聚乙烯，比重小于 0.94',
  '391590': '其他塑料的废料、碎料及下脚料（禁止进口）',
  '392690': '其他塑料制品',
  '401110': '机动小客车用新的充气橡胶轮胎',
  '420221': '以皮革作面的手提包',
  '420222': '以塑料片或纺织材料作面的手提包',
  '440710': '经纵锯的针叶木',
  '440799': '经纵锯的其他非针叶木（含濒危红木）',
  '610910': '棉制针织 T 恤衫及背心',
  '611030': '化学纤维制针织套头衫及开襟衫',
  '620342': '棉制梭织男式长裤',
  '640299': '橡胶或塑料制外底及鞋面的其他鞋靴',
  '640399': '皮革制鞋面的其他鞋靴',
  '711319': '其他贵金属（银除外）制首饰',
  '711719': '贱金属制仿首饰',
  '720851': '非卷材热轧铁或钢平板轧材，厚度超过 10 毫米',
  '731815': '钢铁制螺钉及螺栓',
  '847130': '便携式自动数据处理设备（笔记本电脑）',
  '848180': '其他龙头、旋塞、阀门及类似装置',
  '851713': '智能手机',
  '852852': '自动数据处理设备用监视器',
  '852872': '彩色电视接收机',
  '854231': '处理器及控制器（电子集成电路）',
  '870323': '点燃式发动机小轿车，排量 1500–3000 毫升',
  '870899': '机动车辆的其他零件及附件',
  '901890': '其他医疗、外科或兽医用仪器及器具',
  '910211': '电力驱动的机械指示式手表',
  '910221': '自动上弦手表，贱金属表壳',
  '940360': '其他木家具',
  '950300': '玩具：三轮车、玩偶、缩比模型、智力玩具',
};

export const ORIGINS_ZH: Readonly<Record<string, string>> = {
  KR: '韩国', JP: '日本', US: '美国', DE: '德国', AU: '澳大利亚', VN: '越南', MY: '马来西亚', TH: '泰国',
  BR: '巴西', ID: '印度尼西亚', RU: '俄罗斯', FR: '法国', SG: '新加坡', IT: '意大利', CL: '智利', PH: '菲律宾',
  GB: '英国', CH: '瑞士', NZ: '新西兰', IN: '印度', PE: '秘鲁', PK: '巴基斯坦', NG: '尼日利亚', MZ: '莫桑比克',
};

/** the declared quantity's units (customs units of measure: 千克, 升, 件, 双, 千支 for cigarettes) */
export const UNITS_ZH: Readonly<Record<string, string>> = { kg: '千克', l: '升', piece: '件', pair: '双', thousand: '千支' };

const GOODS_CODE = new Map(HS_HEADINGS.map((h) => [h.description, h.code]));
const ORIGIN_CODE = new Map(ORIGINS.map((o) => [o.name, o.code]));

/** The Chinese name of a catalog goods description, or undefined for text not in the catalog. */
export function goodsZh(description: string): string | undefined {
  const code = GOODS_CODE.get(description);
  return code === undefined ? undefined : GOODS_ZH[code];
}

/** The Chinese name of a catalog country (by its English name), or undefined. */
export function originZh(name: string): string | undefined {
  const code = ORIGIN_CODE.get(name);
  return code === undefined ? undefined : ORIGINS_ZH[code];
}

export function unitZh(unit: string): string | undefined {
  return UNITS_ZH[unit];
}

/** Every Chinese name above, for loading the font slices they need before a canvas draws them. */
export const ALL_ZH_NAMES = [...Object.values(GOODS_ZH), ...Object.values(ORIGINS_ZH), ...Object.values(UNITS_ZH)].join('');
